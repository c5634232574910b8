"""The real-outputs benchmark's hand audit: labels flipped, unclear rows left out, made-up rows only."""

from pathlib import Path

import pytest

from tests.bench.real_outputs import Row, _figures, audited, read_audit


def _row(row_id: str, label: bool, ours: bool | None, mv: bool) -> Row:
    return Row(row_id, "made-up", "none", "1", "1", label, ours=ours, mv=mv)


def test_the_audit_flips_wrong_labels_and_leaves_out_unclear_rows(tmp_path: Path) -> None:
    """A label_wrong row counts with its label flipped, an unclear row not at all, the rest unchanged."""
    audit_file = tmp_path / "audit.tsv"
    audit_file.write_text("# audited by hand\nid\taudit\twhy\na\tlabel_wrong\tsame value\n"
                          "b\tunclear\tgold damaged\nc\tlabel_right\tanswer off by one\n", encoding="utf-8")
    rows = [_row("a", False, True, True), _row("b", True, False, False), _row("c", False, True, False),
            _row("d", True, True, True)]
    kept, unclear = audited(rows, read_audit(audit_file))
    assert [(row.id, row.label) for row in kept] == [("a", True), ("c", False), ("d", True)]
    assert unclear == 1
    assert _figures(kept, "ours") == (2, 1, 0, 0)
    assert _figures(kept, "mv") == (3, 0, 0, 0)
    assert [row.label for row in rows] == [False, True, False, True]


def test_an_audit_line_without_a_known_verdict_is_refused(tmp_path: Path) -> None:
    """A misspelt verdict is named rather than counted as label_right."""
    audit_file = tmp_path / "audit.tsv"
    audit_file.write_text("id\taudit\twhy\na\tlabel-wrong\tsame value\n", encoding="utf-8")
    with pytest.raises(ValueError, match="label_wrong, label_right, unclear"):
        read_audit(audit_file)
