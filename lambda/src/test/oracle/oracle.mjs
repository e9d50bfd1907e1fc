// Test-time IAM oracle: reads a JSON array of cases on stdin, writes a JSON array of results on stdout.
//
//   case:   {"id", "policy", "resourceAccount",
//            "request": {"principal", "action", "resource", "context": {key: string | [strings]}}}
//   result: {"id", "decision": "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied"}
//           or {"id", "error": "..."} when the simulator refused the input;
//           plus "ignoredContextKeys": [...] when some context keys were left out because the action
//           does not support them (AWS does not put them in that request's context either).
//
// The question it answers: what does this resource policy (a bucket or key policy) by itself decide
// for this caller, in AWS's order (an explicit Deny in any statement wins, else an Allow in any
// statement, else implicit deny), assuming the caller's own identity policies allow the request.
//
// @cloud-copilot/iam-simulate is AGPL: it runs here, at test time, and never ships in the jar.
import { loadPolicy } from '@cloud-copilot/iam-policy'
import {
  allowedContextKeysForRequest, anonymousPrincipal, isConditionKeyArray, isWildcardOnlyAction,
  runSimulation, typeForContextKey
} from '@cloud-copilot/iam-simulate'
// Internals of the pinned version (not in the package's exports map; see evaluateResourcePolicy).
import { authorize } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/core_engine/CoreSimulatorEngine.js'
import { AwsRequestImpl } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/request/request.js'
import { RequestContextImpl } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/requestContext.js'
import { DiscoveryContextKeyConstraints } from './node_modules/@cloud-copilot/iam-simulate/dist/esm/context_keys/discoveryContextKeyConstraints.js'

// Which verdict we read, and why.
//
// The simulator's overallResult is the whole authorization: for an IAM caller of the resource's own
// account it also counts identity policies (in S3 an identity Allow suffices in the same account
// even when the bucket policy is silent; in KMS identity policies count only if the key policy
// trusts the account). So neither "no identity policy" (cross-account grants would read as
// ImplicitlyDenied) nor "an allow-all identity policy" (a silent bucket policy would read as
// Allowed) gives the policy's own verdict through overallResult. The analysis' resourceAnalysis is
// exactly it: the resource policy alone, Deny > Allow > implicit deny, with the principal matched
// the way AWS does (Service principals by name, "*" for anyone including anonymous, an account
// principal for every IAM principal of that account). We pass no identity policies, SCPs, RCPs,
// boundaries or endpoint policies, and run in Strict mode: the context is exactly what the case
// gives, a missing key is missing (never "unknown").
//
// resourceAnalysis.result, and what it means for the policy's own verdict:
//   Allowed            an Allow statement names the caller (its ARN, its service, or "*")
//   AllowedForAccount  an Allow statement names the caller's account (root ARN or 12 digits): AWS
//                      then defers to the account's identity policies, which we assume allow
//   ExplicitlyDenied   a Deny statement names the caller
//   DeniedForAccount   a Deny statement names the caller's account: it denies every principal in it
//   ImplicitlyDenied   no statement applies
//   NotApplicable      no resource policy (not reachable: every case carries one)
const DECISIONS = {
  Allowed: 'Allowed',
  AllowedForAccount: 'Allowed',
  ExplicitlyDenied: 'ExplicitlyDenied',
  DeniedForAccount: 'ExplicitlyDenied',
  ImplicitlyDenied: 'ImplicitlyDenied',
  NotApplicable: 'ImplicitlyDenied'
}

const IAM_ARN = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/
const SERVICE = /^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/

/**
 * The context keys AWS derives from the caller itself. iam-simulate matches a Service principal by
 * name but sets none of these (its README lists populating aws:PrincipalServiceName as "coming
 * soon"), so without them a Deny "unless aws:PrincipalServiceName is cloudtrail.amazonaws.com"
 * would deny CloudTrail. A key the case gives itself wins.
 */
function principalContext(principal, action) {
  if (principal === '*') return {} // anonymous: an unsigned request carries no principal keys
  if (SERVICE.test(principal)) {
    return {
      'aws:PrincipalServiceName': principal,
      'aws:PrincipalServiceNamesList': [principal],
      'aws:PrincipalIsAWSService': 'true'
    }
  }
  const arn = IAM_ARN.exec(principal)
  if (!arn) return {}
  const [, partition, , account, resource] = arn
  // aws:PrincipalArn of an assumed-role session is its role's ARN (the role's path is unknown here).
  const session = /^assumed-role\/([^/]+)\//.exec(resource)
  const derived = {
    'aws:PrincipalArn': session ? `arn:${partition}:iam::${account}:role/${session[1]}` : principal,
    'aws:PrincipalAccount': account,
    'aws:PrincipalIsAWSService': 'false'
  }
  // KMS puts the caller's account in kms:CallerAccount on every request.
  if (action.toLowerCase().startsWith('kms:')) derived['kms:CallerAccount'] = account
  return derived
}

function withGiven(derived, given) {
  const merged = { ...derived }
  for (const [key, value] of Object.entries(given ?? {})) {
    for (const existing of Object.keys(merged)) {
      if (existing.toLowerCase() === key.toLowerCase()) delete merged[existing]
    }
    merged[key] = value
  }
  return merged
}

/**
 * The context the action really carries, typed. This is the simulator's own normalization
 * (normalizeSimulationParameters: keep the keys the action supports, a list for multivalued keys,
 * a string otherwise) with two fixes:
 *  - it recognises variable keys only when the variable follows a '/' (aws:RequestTag/<tag>) and so
 *    drops kms:EncryptionContext:<key>, whose variable follows a ':'. That would make every
 *    "StringLike kms:EncryptionContext:aws:cloudtrail:arn" of a CloudTrail key policy fail;
 *  - it silently keeps only the first value of a list given to a single-valued key: we refuse it.
 */
async function actionContext(service, action, resource, given) {
  const supported = new Set(await allowedContextKeysForRequest(service, action, resource, false))
  const templates = [...supported].filter((k) => k.includes('${')).map((k) => k.slice(0, k.indexOf('${')))
  const context = {}
  const ignored = []
  const tooMany = []
  for (const [key, value] of Object.entries(given)) {
    const lower = key.toLowerCase()
    const known = supported.has(lower) || templates.some((prefix) => lower.startsWith(prefix) && lower.length > prefix.length)
    if (!known) {
      ignored.push(key)
    } else if (isConditionKeyArray(await typeForContextKey(key))) {
      context[key] = [value].flat()
    } else if (Array.isArray(value) && value.length !== 1) {
      tooMany.push(key)
    } else {
      context[key] = [value].flat()[0]
    }
  }
  return { context, ignored, tooMany }
}

/**
 * The resource policy's verdict, from the simulator's core engine: runSimulation's own call to
 * authorize(), minus its context normalization (see actionContext). The input has already passed
 * runSimulation's validation (policy grammar, action, resource type).
 */
async function evaluateResourcePolicy(c, principal, context) {
  const [service, action] = c.request.action.split(':')
  const wildcardOnly = await isWildcardOnlyAction(service, action)
  const analysis = authorize({
    request: new AwsRequestImpl(principal, { resource: c.request.resource, accountId: c.resourceAccount },
      c.request.action, new RequestContextImpl(context), wildcardOnly),
    sessionPolicy: undefined,
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: loadPolicy(c.policy, { name: 'ResourcePolicy' }),
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: 'Strict', discoveryContextKeyConstraints: new DiscoveryContextKeyConstraints([]) },
    serviceSettings: { s3: { blockPublicAccess: undefined } }
  })
  return analysis.resourceAnalysis.result
}

function invalid(c) {
  if (!c || typeof c !== 'object') return 'a case must be an object'
  if (typeof c.id !== 'string' || !c.id) return 'id must be a non-empty string'
  if (!c.policy || typeof c.policy !== 'object') return 'policy must be a policy document object'
  if (!/^\d{12}$/.test(c.resourceAccount ?? '')) return 'resourceAccount must be a 12-digit account id'
  const r = c.request
  if (!r || typeof r !== 'object') return 'request must be an object'
  for (const field of ['principal', 'action', 'resource']) {
    if (typeof r[field] !== 'string' || !r[field]) return `request.${field} must be a non-empty string`
  }
  if (r.resource.includes('*')) return 'request.resource must be one concrete ARN, not a pattern'
  for (const [key, value] of Object.entries(r.context ?? {})) {
    const ok = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    if (!ok) return `context value of ${key} must be a string or an array of strings`
  }
  return undefined
}

async function evaluate(c) {
  const problem = invalid(c)
  if (problem) return { id: c?.id ?? null, error: problem }
  const { action, resource } = c.request
  const principal = c.request.principal === '*' ? anonymousPrincipal : c.request.principal
  const given = withGiven(principalContext(c.request.principal, action), c.request.context)

  // The public, validated entry point: it refuses bad policies, actions and resource types.
  const checked = await runSimulation({
    request: { principal, action, resource: { resource, accountId: c.resourceAccount }, contextVariables: given },
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: c.policy
  }, { simulationMode: 'Strict' })
  if (checked.resultType === 'error') return { id: c.id, error: JSON.stringify(checked.errors) }

  const [service, name] = action.split(':')
  const { context, ignored, tooMany } = await actionContext(service, name, resource, given)
  if (tooMany.length > 0) return { id: c.id, error: `single-valued context keys given several values: ${tooMany.join(', ')}` }
  const verdict = await evaluateResourcePolicy(c, principal, context)

  // Where our context equals the one runSimulation used, the two calls must agree: a guard that the
  // internal call above still is runSimulation's own.
  const theirIgnored = checked.result.ignoredContextKeys ?? []
  const sameContext = theirIgnored.length === ignored.length && ignored.every((k) => theirIgnored.includes(k))
  if (sameContext && checked.result.analysis.resourceAnalysis.result !== verdict) {
    return { id: c.id, error: `oracle bug: internal verdict ${verdict} differs from runSimulation's` }
  }
  const decision = DECISIONS[verdict]
  if (!decision) return { id: c.id, error: `unexpected resourceAnalysis result '${verdict}'` }
  return ignored.length > 0 ? { id: c.id, decision, ignoredContextKeys: ignored } : { id: c.id, decision }
}

async function readStdin() {
  const chunks = []
  for await (const chunk of process.stdin) chunks.push(chunk)
  return Buffer.concat(chunks).toString('utf8')
}

const cases = JSON.parse(await readStdin())
if (!Array.isArray(cases)) throw new Error('stdin must hold a JSON array of cases')
const results = []
for (const c of cases) {
  try {
    results.push(await evaluate(c))
  } catch (e) {
    results.push({ id: c?.id ?? null, error: `simulator failed: ${e?.message ?? e}` })
  }
}
process.stdout.write(JSON.stringify(results))
