"""Disjoint sets (union–find) over 0..n-1, with path halving: families merged by anchors,
wordings joined into variants."""

from __future__ import annotations


class DisjointSets:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, keep: int, other: int) -> None:
        """Join ``other``'s set to ``keep``'s; ``keep``'s root stays the root."""
        self.parent[self.find(other)] = self.find(keep)

    def labels(self) -> tuple[list[int], int]:
        """Each element's set number, and how many sets: sets are numbered 0, 1, … in the
        order of their smallest elements, whatever order the unions came in (so results that
        are numbered by set never depend on it)."""
        number: dict[int, int] = {}
        labels = [number.setdefault(self.find(x), len(number)) for x in range(len(self.parent))]
        return labels, len(number)
