"""The frames the session sends the sound helper (see ``spasm_cli.sound.helper``).

Kept apart from the helper so that the session's side (``helper_link``) never
imports the module that loads the audio library.
"""

from __future__ import annotations

import struct

HEADER = struct.Struct("<cIQ")  # command byte, cue id, payload length
PLAY, HUSH = b"P", b"H"
MAX_CUE = 64 * 1024 * 1024  # bytes: far past any cue (the longest breath glide is ~1 MiB)
