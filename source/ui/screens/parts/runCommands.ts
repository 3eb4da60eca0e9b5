// The writes on one run, the same on a workflow's run list (the selected run) and on the run's own
// screen, each offered only where the backend can do it: c repairs (a picker of its
// tasks, the failed ones marked), x cancels it, X cancels every active run of the job, t starts a
// new run of the job with parameters.
import type { CommandHandlers } from '../../keys/screenCommands.js';
import type { Route } from '../../route.js';
import { cancelRequest } from '../../writes/requests.js';
import type { ScreenProps } from '../ScreenProps.js';

type RunRoutes = Extract<Route, { screen: 'runs' } | { screen: 'run' }>;

export function runCommands(
  props: Pick<ScreenProps<RunRoutes>, 'route' | 'writes' | 'flash'>,
  selectedRunId: () => string | undefined,
  refresh: () => void,
): CommandHandlers {
  const { route, writes } = props;
  const jobId = route.workflowId;
  const withRun = (act: (runId: string) => void) => () => {
    const runId = selectedRunId();
    if (runId) act(runId);
    else props.flash('No run selected', 'info');
  };
  return {
    ...(writes.offers(route.backend, 'repairRun')
      ? {
          retry: withRun((runId) =>
            writes.repair({ backend: route.backend, workflowId: jobId, runId, onDone: refresh }),
          ),
        }
      : {}),
    ...(writes.offers(route.backend, 'cancelRun')
      ? {
          cancelRun: withRun((runId) =>
            writes.start(cancelRequest({ backend: route.backend, workflowId: jobId, runId }, refresh)),
          ),
        }
      : {}),
    ...(writes.offers(route.backend, 'cancelAllRuns') && route.screen === 'runs'
      ? {
          cancelAllRuns: () =>
            writes.start(cancelRequest({ backend: route.backend, workflowId: jobId }, refresh)),
        }
      : {}),
    ...(writes.offers(route.backend, 'trigger')
      ? {
          trigger: () =>
            writes.trigger({
              backend: route.backend,
              workflowId: jobId,
              workflowName: route.screen === 'runs' ? route.workflowName : `job ${jobId}`,
            }),
        }
      : {}),
  };
}
