# shellcheck shell=bash
# Source this file (". scripts/wine-env.sh") to get the Wine environment for Microsoft's dbgeng:
#   WINEPREFIX        <repo>/artifacts/wine/prefix (one per checkout, created headless on first use;
#                     WRLDBG_WINEPREFIX overrides)
#   WINEDEBUG         -all (WRLDBG_WINEDEBUG overrides, e.g. +loaddll to see which dbgeng was loaded)
#   WINEDLLOVERRIDES  Microsoft's native dbgeng/dbghelp/dbgcore/dbgmodel/msdia140 before Wine's builtin stubs
#                     (n,b, not n), no Wine debugger on crashes, no Gecko prompt. mscoree stays enabled.
#                     explorer.exe=d: without a display the desktop process cannot start, and each try
#                     costs a 10 s RpcSs start timeout whenever no other Wine process ran in the last
#                     few seconds (every engine run of a test suite); nothing here needs a desktop.
#   WINE64            the 64-bit loader (/usr/lib/wine/wine64 on Debian 12; wine64 is not on PATH there)
#   WINESERVER        the matching server (/usr/lib/wine/wineserver64); Wine itself reads this variable
#   WINE32            the 32-bit loader (/usr/lib/wine/wine, package wine32) when installed, else empty. It
#                     shares the prefix and server: with wine32 installed the win64 prefix gets a syswow64
#                     (WoW64). A prefix made before wine32 was installed has none (32-bit PEs then die with
#                     "could not load kernel32.dll, c0000135"), so it is made again once.
# and keeps a warm wineserver (persistent 300 s after the last client) so a wine process starts in ~0.3 s
# instead of 2.5-3 s. Wine's helper processes (services, explorer, ...) are started here with stdio on
# /dev/null, so "$(wine64 ...)" and pipes never wait for them.
# Functions: wine_env_winpath LINUX_PATH (prints the Windows path, e.g. Z:\tmp\x.dmp).
# Returns non-zero (never exits the calling shell) when Wine is missing or the prefix cannot be made.

_wine_env_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WINEPREFIX="${WRLDBG_WINEPREFIX:-$_wine_env_root/artifacts/wine/prefix}"
export WINEDEBUG="${WRLDBG_WINEDEBUG:--all}"
export WINEDLLOVERRIDES="mshtml=;winedbg.exe=d;explorer.exe=d;dbgeng,dbghelp,dbgcore,dbgmodel,msdia140=n,b"
export WINEARCH=win64

if [ -x /usr/lib/wine/wine64 ]; then
    export WINE64=/usr/lib/wine/wine64
elif command -v wine64 >/dev/null 2>&1; then
    WINE64="$(command -v wine64)"; export WINE64
else
    echo "wine-env: no 64-bit Wine loader (/usr/lib/wine/wine64); run scripts/install-prerequisites.sh" >&2
    return 1 2>/dev/null || exit 1
fi
if [ -x /usr/lib/wine/wineserver64 ]; then
    export WINESERVER=/usr/lib/wine/wineserver64
elif command -v wineserver >/dev/null 2>&1; then
    WINESERVER="$(command -v wineserver)"; export WINESERVER
else
    echo "wine-env: no wineserver (/usr/lib/wine/wineserver64); run scripts/install-prerequisites.sh" >&2
    return 1 2>/dev/null || exit 1
fi

WINE32=""
[ -x /usr/lib/wine/wine ] && WINE32=/usr/lib/wine/wine
export WINE32

wine_env_winpath() { # LINUX_PATH -> Windows path. Absolute paths map to drive Z: without starting Wine.
    local p="$1"
    case "$p" in
        /*) ;;
        *) p="$PWD/$p" ;;
    esac
    printf 'Z:%s\n' "${p//\//\\}"
}

_wine_env_prepare() {
    local marker="$WINEPREFIX.ready" lock="$WINEPREFIX.lock" rc=0
    mkdir -p "$(dirname "$WINEPREFIX")" || return 1
    # Serialise concurrent first uses (parallel test processes); the marker says the prefix is complete,
    # so an interrupted creation is redone from scratch.
    (
        flock 9
        local why=""
        if [ ! -f "$marker" ] || [ ! -d "$WINEPREFIX/drive_c/windows/system32" ]; then why="first use"
        elif [ -n "$WINE32" ] && [ ! -d "$WINEPREFIX/drive_c/windows/syswow64" ]; then why="it predates wine32: no syswow64"; fi
        if [ -n "$why" ]; then
            "$WINESERVER" -k </dev/null >/dev/null 2>&1 9>&- || true
            rm -rf "$WINEPREFIX" "$marker"
            mkdir -p "$WINEPREFIX"
            echo "wine-env: creating Wine prefix $WINEPREFIX ($why, ~8-15 s)" >&2
            "$WINESERVER" -p 300 </dev/null >/dev/null 2>&1 9>&- || true
            if ! env -u DISPLAY -u WAYLAND_DISPLAY "$WINE64" wineboot --init </dev/null >/dev/null 2>&1 9>&-; then
                echo "wine-env: 'wine64 wineboot --init' failed for $WINEPREFIX" >&2
                exit 1
            fi
            date -u +%FT%TZ >"$marker"
        fi
        # Warm server. "-p 300" starts one for this prefix (exit 0) or finds one running (exit 2). A new
        # server gets a throw-away first process so Wine's helpers (services.exe, winedevice.exe, ...)
        # start with stdio on /dev/null instead of inheriting the caller's pipes.
        "$WINESERVER" -p 300 </dev/null >/dev/null 2>&1 9>&- || rc=$?
        if [ "$rc" -eq 0 ]; then
            "$WINE64" cmd.exe /c exit 0 </dev/null >/dev/null 2>&1 9>&- || true
        fi
    ) 9>"$lock"
}

_wine_env_prepare || { echo "wine-env: Wine prefix not ready ($WINEPREFIX)" >&2; return 1 2>/dev/null || exit 1; }
