"""Batch grading of homework photos: jobs, answer keys, storage, review, exports."""
