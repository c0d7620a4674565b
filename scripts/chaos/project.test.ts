import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { builtinRegistry, loadProject, placementNeeds, validateProject } from '@sluice/assets'
import { describe, expect, it } from 'vitest'
import { chaosAssets, NODES, WORKFLOWS, writeChaosProject } from './project.ts'

const endpoints = {
  fauxqs: 'http://127.0.0.1:1001',
  kinesis: 'http://127.0.0.1:1002',
  standIn: 'http://127.0.0.1:1003',
}

describe('the chaos project', () => {
  it('is valid, and written to disk it loads back the same', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chaos-project-'))
    try {
      await writeChaosProject(dir, endpoints)
      const loaded = await loadProject(builtinRegistry, dir)
      expect(loaded.issues).toEqual([])
      expect(validateProject(builtinRegistry, loaded.assets)).toEqual([])
      expect(loaded.assets.map((a) => `${a.kind}/${a.name}`).sort()).toEqual(
        [...chaosAssets(endpoints).map((a) => `${a.kind}/${a.name}`), 'resource.secret/demo-secrets'].sort(),
      )
      expect(await readFile(join(dir, 'connections', 'chaos-aws.yaml'), 'utf8')).toContain(endpoints.kinesis)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('gives every workflow two nodes with its roles, and only the S3 one is a singleton', () => {
    const assets = chaosAssets(endpoints)
    for (const workflow of WORKFLOWS) {
      const needs = placementNeeds(builtinRegistry, assets, workflow.name)
      const able = Object.entries(NODES).filter(([, roles]) =>
        needs.requiredRoles.every((role) => roles.includes(role)),
      )
      expect(able, workflow.name).toHaveLength(2)
      expect(needs.singleton, workflow.name).toBe(workflow.input.type === 'bucket')
    }
  })
})
