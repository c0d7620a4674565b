import { describe, expect, it } from 'vitest'
import { engineIntro, engineSections, renderBenchReport } from './report.ts'

const engineReport = [
  '# Engine benchmark',
  '',
  'Written by `pnpm bench:engine`.',
  '',
  '- Date: 2026-01-01T00:00:00.000Z; the whole run took 9.0 minutes',
  '- Machine: 2 × CPU',
  '',
  '## Engine against a plain SDK loop',
  '',
  '| scenario | ratio |',
  '|---|---|',
  '| SQS → SNS | 0.95 |',
  '',
  '## Core path',
  '',
  '| variant | msg/s |',
  '',
].join('\n')

describe('the combined benchmark report', () => {
  it("takes the engine report's sections one level down, and its run lines", () => {
    expect(engineSections(engineReport)).toEqual([
      '### Engine against a plain SDK loop',
      '',
      '| scenario | ratio |',
      '|---|---|',
      '| SQS → SNS | 0.95 |',
      '',
      '### Core path',
      '',
      '| variant | msg/s |',
    ])
    expect(engineIntro(engineReport)).toEqual([
      '- Date: 2026-01-01T00:00:00.000Z; the whole run took 9.0 minutes',
      '- Machine: 2 × CPU',
    ])
    expect(() => engineSections('# nothing here\n')).toThrow(/no "## " section/)
  })

  it('holds the run, the Node-RED section, the engine tables and the server output', () => {
    const text = renderBenchReport({
      date: '2026-02-02T00:00:00.000Z',
      minutes: 7.25,
      machine: '2 × CPU, 8.0 GiB RAM',
      load: 'load average 1.0 / 1.0 / 1.0 (1, 5, 15 minutes)',
      versions: 'node-red 4.1.15',
      quick: false,
      engineReport,
      serverOutput: 'operation  p50 ms\ninject GET  0.50\n',
      nodeRed: ['| pairing | ratio |', '| JS | 20.0 × |'],
    })
    expect(text).toContain('- Date: 2026-02-02T00:00:00.000Z; the whole run took 7.3 minutes')
    expect(text).toContain(
      '- Machine: 2 × CPU, 8.0 GiB RAM; load average 1.0 / 1.0 / 1.0 (1, 5, 15 minutes) at the end',
    )
    expect(text).toContain('- Versions: node-red 4.1.15')
    expect(text).toContain("## Sluice's core path beside Node-RED\n\n| pairing | ratio |\n| JS | 20.0 × |")
    expect(text).toContain('### Engine against a plain SDK loop')
    expect(text).toContain('```text\noperation  p50 ms\ninject GET  0.50\n```')
    expect(text).not.toContain('--quick')
    expect(text).not.toMatch(/```sh/)
    const quick = renderBenchReport({
      date: '',
      minutes: 1,
      machine: '',
      load: '',
      versions: '',
      quick: true,
      engineReport,
      serverOutput: '',
      nodeRed: [],
    })
    expect(quick).toContain('A `--quick` run')
  })
})
