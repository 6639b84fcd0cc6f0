#!/usr/bin/env python3
"""Draws the comparison table of a benchmark results file as an SVG bar chart.

Usage: benchmarks/chart.py RESULTS.md OUTPUT.svg

Reads the table whose header starts with "| comparison |" (cacheobj's median over the other
library's, and the goal where there is one) and draws one bar per row on a logarithmic
scale around 1x: a bar to the left means cacheobj takes less time, to the right more.
Standard library only, so that it runs wherever benchmarks/run does.
"""
import html
import math
import re
import sys


def read_rows(text):
    rows = []
    in_table = False
    for line in text.splitlines():
        if line.startswith('| comparison |'):
            in_table = True
            continue
        if in_table:
            if not line.startswith('|'):
                break
            cells = [cell.strip() for cell in line.strip().strip('|').split('|')]
            if set(cells[1]) <= set('-: ') or cells[1].startswith('not run'):
                continue
            ratio = float(cells[1].rstrip('x').replace(',', ''))
            goal = re.search(r'([0-9.]+)x', cells[2])
            rows.append((cells[0], ratio, float(goal.group(1)) if goal else None, cells[3]))
    if not rows:
        raise SystemExit('no "| comparison |" table found')
    return rows


def draw(rows):
    label_width, plot_width, right_pad, row_height, top, bottom = 300, 460, 70, 26, 56, 50
    width = label_width + plot_width + right_pad
    height = top + row_height * len(rows) + bottom
    low = min(0.01, min(r[1] for r in rows) / 1.5)
    high = max(10.0, max(r[1] for r in rows) * 1.5)
    span = math.log10(high) - math.log10(low)

    def x(value):
        return label_width + (math.log10(value) - math.log10(low)) / span * plot_width

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           '<rect width="100%" height="100%" fill="white"/>',
           f'<text x="{width / 2}" y="20" text-anchor="middle" font-size="15" font-weight="bold">'
           'cacheobj time / other library\'s time (medians, log scale)</text>',
           f'<text x="{width / 2}" y="38" text-anchor="middle" fill="#555">left of 1x: cacheobj is faster; '
           'right: slower; | marks a goal</text>']
    decade = math.floor(math.log10(low))
    while 10 ** decade <= high:
        for step in (1, 2, 5):
            value = step * 10 ** decade
            if low <= value <= high:
                gx = x(value)
                strong = step == 1
                out.append(f'<line x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" y2="{height - bottom + 4}" '
                           f'stroke="{"#bbb" if strong else "#eee"}"/>')
                if strong or step == 2:
                    text = f'{value:g}x'
                    out.append(f'<text x="{gx:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
                               f'fill="#555">{text}</text>')
        decade += 1
    one = x(1.0)
    for i, (name, ratio, goal, met) in enumerate(rows):
        y = top + i * row_height
        colour = '#2e7d32' if met == 'yes' else '#c62828' if met == 'no' else '#78909c'
        left, right = sorted((one, x(ratio)))
        out.append(f'<text x="{label_width - 8}" y="{y + row_height / 2 + 4:.1f}" text-anchor="end">'
                   f'{html.escape(name)}</text>')
        out.append(f'<rect x="{left:.1f}" y="{y + 5}" width="{max(right - left, 1.5):.1f}" '
                   f'height="{row_height - 10}" fill="{colour}"><title>{html.escape(name)}: {ratio:g}x'
                   f'{f" (goal ≤ {goal:g}x)" if goal else ""}</title></rect>')
        goal_x = x(goal) if goal else None
        if ratio >= 1:
            anchor, tx = 'start', max(right, goal_x or right) + 5
        else:
            anchor, tx = 'end', min(left, goal_x or left) - 5
        out.append(f'<text x="{tx:.1f}" y="{y + row_height / 2 + 4:.1f}" text-anchor="{anchor}" '
                   f'fill="#333">{ratio:g}x</text>')
        if goal:
            gx = x(goal)
            out.append(f'<line x1="{gx:.1f}" y1="{y + 2}" x2="{gx:.1f}" y2="{y + row_height - 2}" '
                       'stroke="black" stroke-width="2"/>')
    out.append(f'<line x1="{one:.1f}" y1="{top - 6}" x2="{one:.1f}" y2="{height - bottom + 4}" '
               'stroke="black"/>')
    legend_y = height - 12
    for j, (colour, text) in enumerate((('#2e7d32', 'goal met'), ('#c62828', 'goal missed'),
                                        ('#78909c', 'no goal'))):
        lx = label_width + j * 130
        out.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{lx + 18}" y="{legend_y}">{text}</text>')
    out.append('</svg>')
    return '\n'.join(out) + '\n'


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    with open(sys.argv[1], encoding='utf-8') as source:
        rows = read_rows(source.read())
    with open(sys.argv[2], 'w', encoding='utf-8') as target:
        target.write(draw(rows))


if __name__ == '__main__':
    main()
