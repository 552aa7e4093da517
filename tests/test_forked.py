"""Forked workers: what they send arrives in order, and the memory it took is given back."""

from __future__ import annotations

import os

import pytest

from broadsheet import forked


def test_messages_arrive_in_order_and_their_memory_is_given_back_as_they_are_taken() -> None:
    megabyte = b"x" * (1 << 20)

    def send_forty(sender: forked.Sender) -> None:
        for number in range(40):
            sender.send((number, megabyte))

    worker = forked.Worker(send_forty)
    numbers = []
    for number, payload in worker.received(wait=True):
        numbers.append(number)
        assert payload == megabyte
    held = os.fstat(worker._file).st_blocks * 512  # what the file in memory still holds
    worker.close()
    assert numbers == list(range(40))
    assert worker.exit_code == 0
    assert held <= forked.RELEASE_BYTES + (2 << 20)  # not the 40 MB sent


def test_a_worker_that_dies_is_named_by_its_exit_code() -> None:
    def dies(sender: forked.Sender) -> None:
        sender.send("first")
        os._exit(7)

    worker = forked.Worker(dies)
    received = []
    with pytest.raises(forked.WorkerStopped, match="exit code 7"):
        for message in worker.received(wait=True):
            received.append(message)
    worker.close()
    assert received == ["first"]


def test_more_runs_than_fit_the_smallest_pipe_are_refused_not_left_to_hang() -> None:
    with pytest.raises(ValueError, match="at most 1024"):
        forked.Runs(forked.MOST_RUNS + 1)
