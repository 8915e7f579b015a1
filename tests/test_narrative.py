"""Narrative: computed from the data, names from the data escaped, templates and commentary per region."""
from pathlib import Path

import pytest

from veerkracht_lib.analysis.run import analyse
from veerkracht_lib.config import resolve_region
from veerkracht_lib.rendering import narrative
from veerkracht_lib.sources.inputs import load_inputs


@pytest.fixture(scope="module")
def demo():
    return analyse(load_inputs(resolve_region("voorbeeldregio")))


def test_escape_markdown_keeps_names_literal():
    assert narrative.escape_markdown("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert narrative.escape_markdown("a_b*c") == "a\\_b\\*c"


def test_map_sentence_uses_the_shares_it_reports(demo):
    facts = narrative.map_facts(demo, "focus")
    text = narrative.map_text(demo, "focus")
    assert f"{round(facts['aandeel'])}%" in text
    top, bottom = facts["hoogst"], facts["laagst"]
    assert top[1] >= bottom[1] and top[0] in text


def test_region_template_override_and_commentary_come_from_the_workbooks_params(tmp_path: Path, demo, monkeypatch):
    from veerkracht_lib.workbook import WORKBOOK_ENV

    region_dir = tmp_path / "params" / demo.config.slug  # the workbook's own folder wins over the built-in one
    (region_dir / "templates").mkdir(parents=True)
    (region_dir / "templates" / "kaart.md.j2").write_text("EIGEN ZIN {{ aandeel|pct }}", encoding="utf-8")
    (region_dir / "01_situatie.md").write_text("Mijn toelichting.", encoding="utf-8")
    monkeypatch.setenv(WORKBOOK_ENV, str(tmp_path))
    env = narrative.environment(demo.config.slug)
    assert env.get_template("kaart.md.j2").render(aandeel=12.3) == "EIGEN ZIN 12%"
    assert narrative.commentary(demo, "01_situatie") == "Mijn toelichting."
    assert narrative.commentary(demo, "02_ontwikkeling") is None


def test_method_text_states_matching_and_thresholds(demo):
    text = narrative.method_text(demo)
    assert "ongewijzigd overgenomen" in text and "oppervlakte-interpolatie" in text
    assert "−0,12 tot −0,08" in text
