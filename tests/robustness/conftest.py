"""Print what the robustness suites measured, after pytest's own summary."""

from __future__ import annotations

import pytest

from .harness import FIGURES


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if FIGURES:
        terminalreporter.section("robustness figures")
        for name, text in FIGURES.items():
            terminalreporter.write_line(f"{name}: {text}")
