"""Building the session's vision processor from settings (used by the pipeline)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.commerce.catalog import ProductInfo
from app.config import Config
from app.vision.compositor import Compositor
from app.vision.stage import VisionStage
from app.vision.trackers import Trackers


def compositor_from_settings(config: Config) -> Compositor:
    """A compositor with the layers switched as the settings say."""
    s = config.settings
    card = s.overlay_card if s.overlay_card != "off" else "bottom-left"
    compositor = Compositor(
        Trackers(s.vision_processing_width), card_placement=card, background=s.overlay_background
    )
    if s.overlay_background_image:
        compositor.background.image_path = Path(s.overlay_background_image).expanduser()
    compositor.card.enabled = s.overlay_card != "off"
    compositor.lipstick.enabled = compositor.accessory.enabled = s.overlay_tryon
    compositor.captions.enabled = s.overlay_captions
    compositor.comment.enabled = s.overlay_comments
    compositor.enabled = s.overlays_enabled
    return compositor


def build_vision_stage(config: Config, products: list[ProductInfo]) -> VisionStage:
    """The vision stage plus the outputs the settings ask for (recording, virtual camera)."""
    s = config.settings
    outputs: list[Any] = []
    if s.record_video:
        from app.vision.recorder import VideoRecorder

        outputs.append(
            VideoRecorder(config.recordings_dir, segment_seconds=s.record_segment_seconds)
        )
    if s.virtual_camera:
        from app.vision.vcam import VirtualCameraOutput

        outputs.append(VirtualCameraOutput(s.output_width, s.output_height, s.camera_fps))
    return VisionStage(
        products, compositor_factory=lambda: compositor_from_settings(config), outputs=outputs
    )
