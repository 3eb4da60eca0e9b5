// Plans still going after their preview closed: a repair being waited for before the Airflow side
// is told. They outlive the screen they were started from; the header shows them.
export interface RunningPlan {
  id: string;
  title: string;
  /** What it is doing now: "waiting for the repair", "marking the task success"… */
  step: string;
  startedAt: number;
}

export interface PlansStore {
  getSnapshot(): readonly RunningPlan[];
  subscribe(listener: () => void): () => void;
  set(plan: RunningPlan): void;
  remove(id: string): void;
}

export function createPlansStore(): PlansStore {
  let plans: readonly RunningPlan[] = [];
  const listeners = new Set<() => void>();
  const publish = (next: readonly RunningPlan[]) => {
    plans = next;
    for (const listener of listeners) listener();
  };
  return {
    getSnapshot: () => plans,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(plan) {
      publish([...plans.filter((other) => other.id !== plan.id), plan]);
    },
    remove(id) {
      if (plans.some((plan) => plan.id === id)) publish(plans.filter((plan) => plan.id !== id));
    },
  };
}
