import { beforeAll, describe, expect, it } from 'vitest'

import type { Risk } from '../../../model/risk.js'
import { loadParsers } from '../../load-parsers.js'
import { analyzeShell } from '../shell-analyzer.js'

beforeAll(loadParsers)

function analyze(command: string, environment?: string) {
  return analyzeShell(command, {
    cwd: '/srv/app',
    ...(environment === undefined ? {} : { environment }),
  })
}

describe('kubectl rules', () => {
  it.each<[string, string, Risk]>([
    ['reads when pods are listed', 'kubectl get pods -n payments -o wide', 'safe'],
    [
      'only mutates when a controller is deleted with its pods orphaned',
      'kubectl delete statefulset kafka -n data --cascade=orphan',
      'mutating',
    ],
    [
      'reads when a deployment is described',
      'kubectl describe deployment checkout -n prod',
      'safe',
    ],
    [
      'reads when events are sorted and piped',
      'kubectl get events -n prod --sort-by=.lastTimestamp | tail -n 20',
      'safe',
    ],
    [
      'reads when logs are fetched',
      'kubectl logs deploy/checkout -n prod --since=30m | grep -i error',
      'safe',
    ],
    [
      'reads when a permission is asked about',
      'kubectl auth can-i delete namespaces --as system:serviceaccount:ci:deployer',
      'safe',
    ],
    ['reads when a diff is shown', 'kubectl diff -k overlays/prod', 'safe'],
    ['reads when a port is forwarded', 'kubectl port-forward svc/api 8080:80 -n prod', 'safe'],
    ['reads when the kubeconfig is viewed', 'kubectl config view --minify', 'safe'],
    [
      'reads when a rollout status is watched',
      'kubectl rollout status deployment/api -n prod',
      'safe',
    ],
    [
      'changes nothing when a delete is a client dry run',
      'kubectl delete deployment legacy-worker -n prod --dry-run=client -o yaml',
      'safe',
    ],
    [
      'changes nothing when an apply is a server dry run',
      'kubectl apply -f app.yaml --dry-run=server',
      'safe',
    ],
    ['changes nothing when --dry-run is given alone', 'kubectl delete ns prod --dry-run', 'safe'],
    [
      'mutates when manifests are applied',
      'kubectl apply -f k8s/report-cronjob.yaml -n reports',
      'mutating',
    ],
    [
      'mutates when a deployment is scaled',
      'kubectl scale deployment api --replicas=6 -n prod',
      'mutating',
    ],
    [
      'mutates when a deployment is scaled to zero',
      'kubectl scale statefulset db --replicas=0 -n prod',
      'mutating',
    ],
    [
      'mutates when a rollout restarts',
      'kubectl rollout restart deployment/api -n prod',
      'mutating',
    ],
    [
      'mutates when a pod its controller recreates is deleted',
      'kubectl delete pod web-7d9f8c6b5-x2kqp -n dev',
      'mutating',
    ],
    [
      'mutates when a node is drained, even deleting emptyDir data',
      'kubectl drain ip-10-0-3-17.ec2.internal --ignore-daemonsets --delete-emptydir-data',
      'mutating',
    ],
    ['mutates when a node is cordoned', 'kubectl cordon node-1', 'mutating'],
    [
      'mutates when an object is labelled',
      'kubectl label pod web-0 tier=frontend --overwrite',
      'mutating',
    ],
    [
      'mutates when files are copied into a pod',
      'kubectl cp ./fix.sql db/postgres-0:/tmp/fix.sql',
      'mutating',
    ],
    ['mutates when the current context changes', 'kubectl config use-context prod', 'mutating'],
    [
      'destroys when a deployment is deleted',
      'kubectl delete deployment payments-api -n prod',
      'destructive',
    ],
    ['destroys when a claim is deleted', 'kubectl delete pvc data-postgres-0 -n db', 'destructive'],
    [
      'destroys when a node is deleted',
      'kubectl delete node ip-10-0-3-17.ec2.internal',
      'destructive',
    ],
    [
      'destroys when objects are selected by label',
      'kubectl delete deploy,svc -l app=web -n prod',
      'destructive',
    ],
    [
      'destroys when type/name references are deleted',
      'kubectl delete secret/api-token configmap/api -n prod',
      'destructive',
    ],
    [
      'destroys when every pod of a namespace is deleted',
      'kubectl delete pods --all -n staging',
      'destructive',
    ],
    ['destroys when replace is forced', 'kubectl replace --force -f pod.yaml', 'destructive'],
    ['destroys when apply prunes', 'kubectl apply --prune -l app=web -f k8s/', 'destructive'],
    [
      'destroys when a patch removes finalizers',
      `kubectl patch ns stuck -p '{"metadata":{"finalizers":null}}' --type=merge`,
      'destructive',
    ],
    [
      'destroys when an apply is forced',
      'kubectl apply --force -f statefulset.yaml',
      'destructive',
    ],
    [
      'acts when --dry-run is false',
      'kubectl delete deployment api --dry-run=false',
      'destructive',
    ],
    ['deletes a namespace catastrophically', 'kubectl delete namespace prod', 'catastrophic'],
    [
      'deletes a namespace through a raw API path catastrophically',
      'kubectl delete --raw /api/v1/namespaces/payments',
      'catastrophic',
    ],
    [
      'deletes a namespace run through eval catastrophically',
      'CMD="kubectl delete ns production --wait=false"; eval "$CMD"',
      'catastrophic',
    ],
    [
      'deletes every deployment of a namespace catastrophically',
      'kubectl -n prod delete deployments --all',
      'catastrophic',
    ],
    [
      'deletes across all namespaces catastrophically',
      'kubectl delete services -A -l tier=edge',
      'catastrophic',
    ],
  ])('%s', (_name, command, risk) => {
    expect(analyze(command).risk).toBe(risk)
  })

  it('is opaque and destructive when it deletes what a file holds', () => {
    const result = analyze('kubectl delete -f k8s/')
    expect(result.risk).toBe('destructive')
    expect(result.opaque).toBe(true)
  })

  it('reads the kinds of a manifest fed on standard input', () => {
    const result = analyze(
      'kubectl delete -f - <<EOF\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\nEOF',
    )
    expect(result.risk).toBe('catastrophic')
    expect(result.opaque).toBe(false)
  })

  it('says so in the reason when the namespace is production', () => {
    const [effect] = analyze('kubectl delete deployment payments-api -n prod').effects
    expect(effect?.reason).toBe(
      '`kubectl delete` deletes deployment `payments-api` in namespace `prod` (prod)',
    )
  })

  it('says that scaling to zero takes the workload down', () => {
    const [effect] = analyze('kubectl scale deployment api --replicas=0 -n shop').effects
    expect(effect?.reason).toContain('taking it down')
  })

  it('says that a deleted pod is recreated', () => {
    const [effect] = analyze('kubectl delete pod web-7d9f8c6b5-x2kqp -n dev', 'dev').effects
    expect(effect?.reason).toBe(
      '`kubectl delete` deletes pod `web-7d9f8c6b5-x2kqp` in namespace `dev` (dev); a controller recreates it',
    )
  })

  describe('nested commands', () => {
    it.each<[string, string, Risk]>([
      [
        'analyses the command exec runs in the pod',
        'timeout 120 kubectl exec -n db postgres-0 -- psql -U postgres -c "DROP DATABASE ledger"',
        'catastrophic',
      ],
      [
        'analyses a shell script exec runs in the pod',
        `kubectl exec -it web-0 -n prod -c app -- sh -c 'rm -rf /var/lib/postgresql'`,
        'catastrophic',
      ],
      ['reads when exec only lists files', 'kubectl exec web-0 -- ls /app', 'safe'],
      [
        'adds the command of run to the pod it starts',
        'kubectl run tmp --image=busybox --rm -it --restart=Never -- rm -rf /mnt/data',
        'destructive',
      ],
      [
        'mutates when run starts a pod with its own command',
        'kubectl run nginx --image=nginx',
        'mutating',
      ],
    ])('%s', (_name, command, risk) => {
      expect(analyze(command).risk).toBe(risk)
    })

    it('runs the nested command on the pod', () => {
      const result = analyze('kubectl exec -n db postgres-0 -- rm -rf /tmp/cache')
      expect(result.effects.length).toBeGreaterThan(0)
    })

    it('is opaque when exec gives no command', () => {
      expect(analyze('kubectl exec -it web-0').opaque).toBe(true)
    })
  })

  it('is opaque when the verb is unknown', () => {
    const result = analyze('kubectl frobnicate pods')
    expect(result.opaque).toBe(true)
    expect(result.effects[0]?.reason).toBe('airlock does not know what `kubectl frobnicate` does')
  })
})
