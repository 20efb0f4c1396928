/// The horde's sampler names (k-diffusion style, `k_euler_a`) as the AUTOMATIC1111/Forge and ComfyUI APIs name
/// them.
enum SamplerNames {
    private static let automatic1111: [String: String] = [
        "k_euler": "Euler", "k_euler_a": "Euler a", "k_heun": "Heun", "k_lms": "LMS", "k_dpm_2": "DPM2",
        "k_dpm_2_a": "DPM2 a", "k_dpm_fast": "DPM fast", "k_dpm_adaptive": "DPM adaptive",
        "k_dpmpp_2s_a": "DPM++ 2S a", "k_dpmpp_2m": "DPM++ 2M", "k_dpmpp_sde": "DPM++ SDE",
        "dpmsolver": "DPM++ 2M", "lcm": "LCM", "DDIM": "DDIM", "ddim": "DDIM",
    ]

    private static let comfyUI: [String: String] = [
        "k_euler": "euler", "k_euler_a": "euler_ancestral", "k_heun": "heun", "k_lms": "lms", "k_dpm_2": "dpm_2",
        "k_dpm_2_a": "dpm_2_ancestral", "k_dpm_fast": "dpm_fast", "k_dpm_adaptive": "dpm_adaptive",
        "k_dpmpp_2s_a": "dpmpp_2s_ancestral", "k_dpmpp_2m": "dpmpp_2m", "k_dpmpp_sde": "dpmpp_sde",
        "dpmsolver": "dpmpp_2m", "lcm": "lcm", "DDIM": "ddim", "ddim": "ddim",
    ]

    /// The AUTOMATIC1111 name of `hordeName`; unknown names fall back to `Euler a`, the horde's default sampler.
    static func automatic1111(_ hordeName: String) -> String { automatic1111[hordeName] ?? "Euler a" }

    /// ComfyUI's KSampler `sampler_name` for `hordeName`; unknown names fall back to `euler_ancestral`.
    static func comfyUI(_ hordeName: String) -> String { comfyUI[hordeName] ?? "euler_ancestral" }
}
