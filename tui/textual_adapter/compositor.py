"""Double-width characters kept whole where widgets overlap, and nothing drawn that
is covered (see the package's docstring)."""

from __future__ import annotations

from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

_NOTHING = Strip([], 0)  # a bucket taken by the widget whose longer strip covers it


def _render_chops(self: Compositor, crop, is_rendered_line):
    """`Compositor._render_chops` that divides a widget's line only where it stops winning,
    and renders a widget only from the first to the last line where it wins something: a
    container under its children, or a screen under its body, is not drawn where nothing
    of it shows."""
    cuts = self.cuts
    chops: list[dict[int, Strip | None]] = [dict.fromkeys(cut_set[:-1]) for cut_set in cuts]
    for widget, (region, clip) in self.visible_widgets.items():  # front to back
        if crop and not crop.overlaps(clip):
            continue
        render_region = region.intersection(clip)
        if not (render_region.width and render_region.height):
            continue
        first_cut, last_cut = render_region.column_span
        shown = [y for y in render_region.line_range if is_rendered_line(y)
                 and any(chops[y].get(cut) is None for cut in cuts[y]
                         if last_cut > cut >= first_cut)]
        if not shown:
            continue
        top, bottom = shown[0], shown[-1] + 1
        strips = widget.render_lines(Region(render_region.x - region.x, top - region.y,
                                            render_region.width, bottom - top))
        render_x = render_region.x
        for y, strip in zip(range(top, bottom), strips):
            if not is_rendered_line(y):
                continue
            line = chops[y]
            final_cuts = [cut for cut in cuts[y] if last_cut >= cut >= first_cut]
            starts = final_cuts[:-1]
            if not starts:
                continue
            wins = [line.get(cut) is None for cut in starts]  # front to back: first one wins
            ends = [i for i in range(1, len(starts)) if wins[i] != wins[i - 1]] + [len(starts)]
            pieces = strip.divide([final_cuts[i] - render_x for i in ends])
            begin = 0
            for end, piece in zip(ends, pieces):
                if wins[begin]:
                    line[starts[begin]] = piece
                    for cut in starts[begin + 1:end]:
                        line[cut] = _NOTHING
                begin = end
    return chops


def _render_partial_update(self: Compositor) -> ChopsUpdate | None:
    """`Compositor.render_partial_update`, each chop's end where its strip ends and each span
    widened to whole chops: a span ending inside a chop (the timeline's right edge, under
    a toast) would crop the toast's line there, halving a character in the terminal."""
    update = _original_partial_update(self)
    if update is None:
        return None
    update.chop_ends = [
        [max(end, x + strip.cell_length) if strip is not None else end
         for (x, strip), end in zip(line.items(), ends)]
        for line, ends in zip(update.chops, update.chop_ends)]
    spans = []
    for y, x1, x2 in update.spans:
        for (x, strip), end in zip(update.chops[y].items(), update.chop_ends[y]):
            if strip is not None and strip.cell_length and x < x2 and end > x1:
                x2 = max(x2, end)
        spans.append((y, x1, x2))
    update.spans = spans
    return update


_original_partial_update = Compositor.render_partial_update
_textual_render_chops = Compositor._render_chops  # what the tests compare with


def keep_wide_characters_whole() -> None:
    """Install the two replacements above (once; the app's factory calls it)."""
    Compositor._render_chops = _render_chops  # type: ignore[method-assign]
    Compositor.render_partial_update = _render_partial_update  # type: ignore[method-assign]
