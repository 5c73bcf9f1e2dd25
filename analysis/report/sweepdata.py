"""What the sweep sections share: /sensitivity's targets as rows."""
import numpy as np


def sensitivity_targets(results):
    """The targets of /sensitivity that have indices, and a reader of a variable's rows for them.

    /sensitivity stores each index over (outcome, scenario, contrast, parameter), with computed = 1
    where a target has indices (docs/results.md). Here they are rows again: labels "OUTCOME @ SCENARIO"
    (contrast level) and "OUTCOME @ SCENARIO - baseline" (contrast effect), in the order the command
    prints them (outcome, then contrast, then scenario), and rows(name) gives the variable as
    (target, parameter) or (target,), or None when absent. The only reader of these dimensions in the
    report, so that a change of the layout stays here."""
    outcomes, scen, contrasts = (results.labels(f"sensitivity/{n}") for n in ("outcome", "scenario", "contrast"))
    computed = results.array("sensitivity/computed")
    shape = (len(outcomes or []), len(scen or []), len(contrasts or []))
    if computed is None or computed.shape != shape or 0 in shape:
        return [], lambda name: None
    cells = [(o, s, c) for o in range(shape[0]) for c in range(shape[2]) for s in range(shape[1]) if computed[o, s, c]]
    labels = [f"{outcomes[o]} @ {scen[s]}" + (" - baseline" if contrasts[c] == "effect" else "") for o, s, c in cells]
    index = tuple(np.array(axis, dtype=int) for axis in zip(*cells))

    def rows(name):
        a = results.array(f"sensitivity/{name}")
        if a is None or not cells or a.shape[:3] != shape:
            return None
        return a[index]
    return labels, rows
