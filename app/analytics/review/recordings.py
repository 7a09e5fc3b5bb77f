"""The session's recorded video and audio files, found on disk for playback and clips."""

from __future__ import annotations

from pathlib import Path

from app.speech.audio_recorder import AudioSegment, find_audio, salvage_partial
from app.vision.recorder import find_recordings


def session_recordings(
    recordings_dir: Path, session_id: int, *, interrupted: bool
) -> tuple[list[Path], list[AudioSegment]]:
    """(videos, audio segments) of the session.

    An interrupted session's cut-off WAV segments get their headers fixed first (nobody
    writes them any more); a fragmented MP4 cut off by a crash plays as it is.
    """
    if interrupted:
        salvage_partial(recordings_dir, session_id)
    return find_videos(recordings_dir, session_id), find_audio(recordings_dir, session_id)


def find_videos(recordings_dir: Path, session_id: int) -> list[Path]:
    """The session's video files in recording order (see :func:`find_recordings`)."""
    return find_recordings(recordings_dir, session_id)
