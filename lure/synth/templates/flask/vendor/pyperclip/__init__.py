"""A trimmed copy of pyperclip: cross-platform clipboard functions."""
import platform
import subprocess

__version__ = "1.8.2"

_text = ""


def _copy_osx(text):
    p = subprocess.Popen(["pbcopy", "w"], stdin=subprocess.PIPE, close_fds=True)
    p.communicate(input=text.encode("utf-8"))


def copy(text):
    global _text
    _text = str(text)
    if platform.system() == "Darwin":
        try:
            _copy_osx(_text)
        except OSError:
            pass


def paste():
    return _text
