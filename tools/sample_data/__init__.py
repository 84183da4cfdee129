"""Bundled sample data: the generator of ``data/sample/`` and the reader the CLI replays.

``sample_data.stream.read_records(path)`` gives the exact bytes of every Kinesis record in
``data/sample/news.jsonl``; ``python -m sample_data.generate`` rebuilds the files.
Developer tooling only: nothing under ``src/`` imports it.
"""
