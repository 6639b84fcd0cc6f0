#!/usr/bin/env python3
"""Draws the layout of cacheobj-dashboard.json as an SVG: its rows and panels where Grafana puts
them, each with its title, its type and the meters it queries. It is a drawing of the dashboard's
layout, not a screenshot of Grafana with data.

Usage: python3 docs/grafana/layout.py docs/grafana/cacheobj-dashboard.json docs/grafana/cacheobj-dashboard.svg
"""
import json
import re
import sys
from xml.sax.saxutils import escape

COLUMN, ROW = 40, 28


def meters(panel):
    names = []
    for target in panel.get('targets', []):
        for name in re.findall(r'\b([a-z][a-z0-9_]*)\{', target.get('expr', '')):
            if name not in names:
                names.append(name)
    return names


def main(source, target):
    dashboard = json.load(open(source))
    panels = dashboard['panels']
    height = max(p['gridPos']['y'] + p['gridPos']['h'] for p in panels) * ROW + 50
    width = 24 * COLUMN
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width + 20}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="100%" height="100%" fill="#111217"/>',
           f'<text x="10" y="24" fill="#ccccdc" font-size="16">{escape(dashboard["title"])}'
           f' (layout drawn from the JSON by layout.py)</text>']
    for panel in panels:
        grid = panel['gridPos']
        x, y = 10 + grid['x'] * COLUMN, 40 + grid['y'] * ROW
        w, h = grid['w'] * COLUMN - 6, grid['h'] * ROW - 6
        if panel['type'] == 'row':
            out.append(f'<text x="{x}" y="{y + 18}" fill="#ccccdc" font-size="14" font-weight="bold">'
                       f'{escape(panel["title"])}</text>')
            continue
        out.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="3" fill="#181b1f" stroke="#2c3235"/>')
        out.append(f'<text x="{x + 8}" y="{y + 18}" fill="#ccccdc" font-size="13">{escape(panel["title"])}</text>')
        out.append(f'<text x="{x + 8}" y="{y + 34}" fill="#8e8e8e">{escape(panel["type"])}</text>')
        for i, name in enumerate(meters(panel)):
            out.append(f'<text x="{x + 8}" y="{y + 54 + 15 * i}" fill="#73bf69">{escape(name)}</text>')
    out.append('</svg>')
    open(target, 'w').write('\n'.join(out) + '\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
