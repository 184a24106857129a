"""What a build keeps in memory once the content is checked (issue 9): the parsed YAML
documents (a position per value) are let go, and positions are still right when asked."""

from __future__ import annotations

from conftest import example_analysis

from generator.source.yamlsource import LazyDoc, parse_yaml_text, split_front_matter


def test_parsed_documents_are_let_go_after_the_rules() -> None:
    analysis = example_analysis()
    files = [f for f in analysis.project.files if f.doc is not None]
    assert len(files) > 30
    for source in files:
        assert isinstance(source.doc, LazyDoc) and source.doc._parsed is None, source.path
    for model in [*analysis.communities, *analysis.cases]:
        assert isinstance(model.source.doc, LazyDoc) and model.source.doc._parsed is None


def test_positions_after_release_are_those_of_the_file() -> None:
    analysis = example_analysis()
    for case in analysis.cases:
        text = case.source.path.read_text(encoding="utf-8")
        fresh = parse_yaml_text(split_front_matter(text).yaml_text, 2)
        assert case.source.at("title") == fresh.at("title"), case.key
        assert case.source.key_at("category") == fresh.key_at("category"), case.key
    for community in analysis.communities:
        fresh = parse_yaml_text(community.source.path.read_text(encoding="utf-8"), 1)
        assert community.source.at("name") == fresh.at("name"), community.id
