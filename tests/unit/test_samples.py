"""The sample problems: index, files, image preparation and the answers the checker reads."""

from __future__ import annotations

import io
import json
from collections import Counter

import pytest
from PIL import Image

from tutor_app.errors import SampleError
from tutor_app.mathcheck.api import check_answer, solve_with_cas
from tutor_app.model.images import prepare_image
from tutor_app.samples import list_samples, load_sample, samples_folder

SAMPLES = list_samples()
IDS = [s.id for s in SAMPLES]


def test_ids_are_unique_and_there_are_enough():
    assert len(IDS) == len(set(IDS)) == 15


def test_the_issue_list_is_covered():
    assert set(IDS) >= {
        "linear-equation", "quadratic-equation", "linear-system", "fractions", "right-triangle",
        "derivative", "definite-integral", "train-speed", "handwritten-photo", "series-circuit",
        "inclined-plane", "titration",
    }
    assert Counter(s.language for s in SAMPLES) == {"en": 12, "zh": 3}
    assert Counter(s.kind for s in SAMPLES) == {"math": 11, "diagram": 4}
    assert {s.subject for s in SAMPLES} == {
        "algebra", "arithmetic", "calculus", "geometry", "physics", "chemistry",
    }


def test_index_entries_have_exactly_the_documented_keys():
    entries = json.loads((samples_folder() / "index.json").read_text(encoding="utf-8"))
    keys = {"id", "file", "title", "subject", "kind", "language", "transcription", "answer",
            "cas_problem", "licence"}
    assert all(set(e) == keys and set(e["title"]) == {"en", "zh"} for e in entries)
    assert {e["licence"] for e in entries} == {"CC0, rendered by tutor_app"}


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_every_file_exists_opens_and_prepares(sample):
    loaded, data = load_sample(sample.id)
    assert loaded == sample
    assert len(data) < 150 * 1024
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == {"png": "PNG", "jpg": "JPEG"}[sample.file.rsplit(".", 1)[1]]
        size = img.size
    prepared = prepare_image(data)
    assert (prepared.original_width, prepared.original_height) == size
    assert prepared.tokens <= 1024
    assert min(prepared.width, prepared.height) <= 768


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_titles_and_transcriptions_are_filled_in(sample):
    assert sample.title_in("en") == sample.title["en"]
    assert sample.title_in("zh") == sample.title["zh"]
    assert sample.title_in("fr") == sample.title["en"]
    assert sample.title["en"] and sample.title["zh"]
    assert sample.transcription.count("$") % 2 == 0


@pytest.mark.parametrize("sample", SAMPLES, ids=IDS)
def test_the_checker_reads_every_answer(sample):
    assert check_answer(sample.answer, sample.answer).equivalent is True


CAS = [s for s in SAMPLES if s.cas_problem]


@pytest.mark.parametrize("sample", CAS, ids=[s.id for s in CAS])
def test_the_cas_agrees_with_the_indexed_answer(sample):
    solved = solve_with_cas(sample.cas_problem)
    assert solved is not None
    verdict = check_answer(sample.answer, solved.answer)
    assert verdict.equivalent is True, (sample.answer, solved.answer, verdict.reason)


def test_unknown_sample_names_the_known_ones():
    with pytest.raises(SampleError) as err:
        load_sample("nope")
    assert str(err.value) == f"There is no sample problem 'nope'. Known samples: {', '.join(IDS)}."
