'use client';
/**
 * The Build page: "What should I build?" with the model and project pickers,
 * the user's plans, and the open plan (`?plan=<id>`). It only connects the
 * Planner service (through usePlanner) to the components.
 */
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { chooseModel, resolveModel } from '@/lib/ollama/models';
import { usePlanList, usePlannerAction } from '../../_hooks/use-planner';
import { useModels } from '../../_hooks/use-models';
import { useProjects } from '../../_hooks/use-projects';
import { useSettings } from '../../_hooks/use-settings';
import { ChevronLeftIcon } from '../icons';
import { PageHeader } from '../page-header';
import { saveFile } from '../save-file';
import { useToasts } from '../toasts';
import { OpenPlan } from './open-plan';
import { PlanList } from './plan-list';
import type { PlanActions } from './plan-view';
import { usePlannerService } from './planner-context';
import { RequestForm } from './request-form';
import { SECONDARY } from './ui';

export default function BuildPage() {
  const service = usePlannerService();
  const router = useRouter();
  const planId = useSearchParams().get('plan') ?? undefined;
  const plans = usePlanList(service);
  const act = usePlannerAction();
  const toasts = useToasts();
  const settings = useSettings();
  const { data: models } = useModels();
  const projects = useProjects();
  const [ownModel, setOwnModel] = useState('');
  const [projectId, setProjectId] = useState('');
  const model = chooseModel(ownModel, settings?.defaultModel, () => resolveModel(undefined, models ?? []));
  // "5 min ago" moves on while the page stays open.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  // The plan list as it is now, for the delete notice, without remaking the plan's actions on each list change.
  const plansNow = useRef(plans);
  useEffect(() => {
    plansNow.current = plans;
  }, [plans]);

  const open = (id: string | undefined) => router.push(id ? `/build/?plan=${encodeURIComponent(id)}` : '/build/');
  const done = async (call: () => Promise<unknown>) => (await act(call)) !== undefined;

  // Made once per open plan: the plan's view and its memoised parts see the same functions on every redraw.
  const actions = useMemo((): PlanActions | undefined => {
    if (!planId) return undefined;
    const id = planId;
    const succeeded = async (call: () => Promise<unknown>) => (await act(call)) !== undefined;
    return {
      edit: (op) => act(() => service.updatePlan(id, op)),
      replan: (stepId, note) => act(() => service.replanStep(id, stepId, note)),
      simulate: () => act(() => service.simulate(id)),
      execute: () => void act(() => service.execute(id)),
      pause: () => void act(() => service.pause(id)),
      resume: () => void act(() => service.resume(id)),
      stop: () => void act(() => service.stop(id)),
      skip: (stepId) => void act(() => service.skip(id, stepId)),
      retry: (stepId) => void act(() => service.retry(id, stepId)),
      accept: (stepId) => void act(() => service.accept(id, stepId)),
      reject: (stepId) => void act(() => service.reject(id, stepId)),
      saveFile: (file, content) =>
        succeeded(() => service.editFile(id, file.stepId, file.path, content).then(() => true)),
      downloadZip: async () => {
        const zip = await act(() => service.downloadZip(id));
        if (zip) saveFile({ fileName: zip.fileName, type: 'application/zip', bytes: zip.bytes });
      },
      prepareFolderWrite: () => act(() => service.prepareFolderWrite(id)),
      writeFolder: (accepted) => act(() => service.writeFolder(id, accepted)),
      planAgain: async (model) => void (await act(() => service.planAgain(id, { model }))),
      useModel: (model) => void act(() => service.changeModel(id, model).then(() => service.resume(id))),
      remove: () => void removeNow(),
    };
    async function removeNow() {
      const title = plansNow.current?.find((p) => p.id === id)?.title ?? 'The plan';
      if (!(await succeeded(() => service.deletePlan(id).then(() => true)))) return;
      toasts.show({ text: `${title} deleted` });
      router.push('/build/');
    }
  }, [act, service, planId, toasts, router]);
  const projectNameOf = useCallback(
    (projectId: string | undefined) => projects?.find((p) => p.id === projectId)?.name,
    [projects],
  );

  const start = async (request: string) => {
    const id = await act(() => service.startPlanning(request, { model, projectId: projectId || undefined }));
    if (id) open(id);
    return id !== undefined;
  };

  const remove = async (id: string) => {
    const title = plans?.find((p) => p.id === id)?.title ?? 'The plan';
    const gone = await done(() => service.deletePlan(id).then(() => true));
    if (gone) toasts.show({ text: `${title} deleted` });
    return gone;
  };

  return (
    <>
      <PageHeader title="Build">
        {planId && (
          <button type="button" className={SECONDARY} onClick={() => open(undefined)}>
            <ChevronLeftIcon /> All plans
          </button>
        )}
      </PageHeader>
      <main className="min-h-0 flex-1 overflow-y-auto" aria-label="Build">
        <div className="mx-auto w-full max-w-4xl space-y-6 px-4 py-6">
          {!planId && (
            <>
              <RequestForm
                model={model}
                onModelChange={setOwnModel}
                projectId={projectId}
                onProjectChange={setProjectId}
                onSubmit={start}
              />
              <PlanList plans={plans} now={now} onOpen={open} onDelete={(id) => void remove(id)} />
            </>
          )}
          {planId && actions && (
            <OpenPlan service={service} planId={planId} projectNameOf={projectNameOf} actions={actions} />
          )}
        </div>
      </main>
    </>
  );
}
