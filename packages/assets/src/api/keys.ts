import { type Static, Type } from 'typebox'

/** A key secret values can be sealed to: a server key, or the public key of a cluster of engine nodes. */
export const KeyView = Type.Object(
  {
    fingerprint: Type.String(),
    owner: Type.Union([Type.Literal('server'), Type.Literal('cluster')]),
    /** The cluster, for a cluster key. */
    cluster: Type.Optional(Type.String()),
    publicKeyPem: Type.String(),
    canDecrypt: Type.Boolean({
      description: 'The server holds the private key (tests run on the server, rotation works).',
    }),
    active: Type.Boolean({ description: 'The server key new secrets are sealed to by default.' }),
    createdAt: Type.String(),
  },
  { title: 'Key' },
)
export type KeyView = Static<typeof KeyView>

/** `GET /api/keys`. */
export const KeyList = Type.Object({ keys: Type.Array(KeyView) })
export type KeyList = Static<typeof KeyList>

/** `POST /api/secrets/:name/rotate`: the key to re-seal every value of a Secret resource to. */
export const SecretRotation = Type.Object({ keyFingerprint: Type.String() }, { additionalProperties: false })
export type SecretRotation = Static<typeof SecretRotation>

/** A cluster of engine nodes: its public key, and whether its nodes may use ambient identities. */
export const ClusterView = Type.Object(
  {
    name: Type.String(),
    description: Type.Optional(Type.String()),
    /** SPKI PEM of the cluster's X25519 key; its private half lives only on the cluster's engine nodes. */
    publicKeyPem: Type.Optional(Type.String()),
    fingerprint: Type.Optional(Type.String()),
    /** When false, the cluster's nodes refuse ambient identities (default chain, instance role). */
    allowAmbient: Type.Boolean(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { title: 'Cluster' },
)
export type ClusterView = Static<typeof ClusterView>

/** `GET /api/clusters`. */
export const ClusterList = Type.Object({ clusters: Type.Array(ClusterView) })
export type ClusterList = Static<typeof ClusterList>

/** `PUT /api/clusters/:name`: what to set; fields left out stay (a new cluster allows ambient identities). */
export const ClusterChange = Type.Object(
  {
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    publicKeyPem: Type.Optional(Type.String({ maxLength: 10_000 })),
    allowAmbient: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
export type ClusterChange = Static<typeof ClusterChange>
