#!/bin/sh
# Installs the offline speech engine pyttsx3 needs, where that can be done without asking.
# Windows (SAPI5) and macOS (NSSpeechSynthesizer) have one built in.
if command -v espeak-ng >/dev/null 2>&1 || command -v espeak >/dev/null 2>&1; then
    exit 0
fi
case "$(uname -s)" in
    Linux)
        if command -v apt-get >/dev/null 2>&1; then
            if [ "$(id -u)" = 0 ]; then
                apt-get install -y espeak-ng >/dev/null || { apt-get update && apt-get install -y espeak-ng; }
                exit $?
            elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
                sudo apt-get install -y espeak-ng
                exit $?
            fi
            echo "Read aloud needs espeak-ng. Install it with: sudo apt-get install espeak-ng"
        else
            echo "Read aloud needs espeak-ng. Install it with your package manager (dnf install espeak-ng, pacman -S espeak-ng)."
        fi
        ;;
esac
exit 0
