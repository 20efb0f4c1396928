/// The horde's sampler names (k-diffusion style, `k_euler_a`) as the AUTOMATIC1111/Forge API names them.
enum SamplerNames {
    private static let automatic1111: [String: String] = [
        "k_euler": "Euler", "k_euler_a": "Euler a", "k_heun": "Heun", "k_lms": "LMS", "k_dpm_2": "DPM2",
        "k_dpm_2_a": "DPM2 a", "k_dpm_fast": "DPM fast", "k_dpm_adaptive": "DPM adaptive",
        "k_dpmpp_2s_a": "DPM++ 2S a", "k_dpmpp_2m": "DPM++ 2M", "k_dpmpp_sde": "DPM++ SDE",
        "dpmsolver": "DPM++ 2M", "lcm": "LCM", "DDIM": "DDIM", "ddim": "DDIM",
    ]

    /// The AUTOMATIC1111 name of `hordeName`; unknown names fall back to `Euler a`, the horde's default sampler.
    static func automatic1111(_ hordeName: String) -> String { automatic1111[hordeName] ?? "Euler a" }
}
