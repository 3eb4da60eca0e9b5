// The navigation stack as one line (k9s crumbs): esc pops the last one.
import { Text } from 'ink';
import { sanitizeName } from '../../core/sanitize.js';
import { type Route, routeLabel } from '../route.js';
import { tint, useTheme } from '../theme.js';

export function Breadcrumbs({ routes, filter }: { routes: readonly Route[]; filter: string }) {
  const theme = useTheme();
  const labels = routes.map((route) => sanitizeName(routeLabel(route)));
  const current = labels.pop() ?? '';
  return (
    <Text wrap="truncate-start">
      {labels.map((label) => `${label} › `).join('')}
      <Text bold>{current}</Text>
      {filter ? <Text {...tint(theme, theme.warning)}> /{sanitizeName(filter)}</Text> : null}
    </Text>
  );
}
