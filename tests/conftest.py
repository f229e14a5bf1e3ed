"""Test configuration: hypothesis profiles.

``HYPOTHESIS_PROFILE=ci`` (set by the nox ``tests`` session under CI) runs more
examples with no deadline, since CI machines are noisy; the default profile keeps
local runs quick.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("default", max_examples=100, deadline=None)
settings.register_profile(
    "ci", max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
