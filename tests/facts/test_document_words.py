"""The documents' words and their one renderer: a document kept as JSON renders the same text
and PDF again; a table's text fits 80 columns; plain mode hears no rules; file names are names."""

from __future__ import annotations

from hcpay.documents import Document, Table
from hcpay.domain.document_words import KIND_NAMES, KINDS, file_name
from hcpay.facts.documents import spoken_lines

FORM = Document(
    issuer="Health Connector premium payments", contact="Member Services 1-877-623-6765",
    title="Form 1095-A for 2025", rows=(("Recipient", "Dana Rivera"), ("Tax year", "2025")),
    note="Keep it with your tax records.",
    tables=(Table("Part III. Coverage household",
                  ("Month", "A. Monthly enrollment premium", "B. Monthly SLCSP premium",
                   "C. Monthly advance payment of premium tax credit"),
                  (("January", "$510.00", "$535.00", "$412.00"),
                   ("Annual totals", "$6,120.00", "$6,420.00", "$4,944.00")),
                  short_columns=("Month", "A", "B", "C")),),
    closing=("Figures are in US dollars.",),
)


def test_a_kept_document_renders_the_same_again() -> None:
    again = Document.from_json(FORM.to_json())
    assert again == FORM and again.as_text() == FORM.as_text()
    assert again.as_pdf().startswith(b"%PDF")


def test_the_text_fits_80_columns_and_names_every_column() -> None:
    text = FORM.as_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    for heading in FORM.tables[0].columns[1:]:
        assert heading in text
    assert "Annual totals  $6,120.00  $6,420.00  $4,944.00" in text


def test_plain_mode_hears_no_rules_and_commas_between_columns() -> None:
    said = spoken_lines(FORM.as_text())
    assert not [line for line in said if line and set(line) <= {"=", "-"}]
    assert "Annual totals, $6,120.00, $6,420.00, $4,944.00" in said
    assert "Recipient, Dana Rivera" in said


def test_every_kind_has_its_words_and_file_names_stay_names() -> None:
    assert set(KIND_NAMES) == set(KINDS)
    name = file_name("DOC-7K2M-9QX4", "../Bill for December 2026 (health plan)", "pdf")
    assert name == "bill-for-december-2026-health-plan-DOC-7K2M-9QX4.pdf"
    assert "/" not in name
