// The console's colours in one place. Colour is an extra, never the only carrier of meaning: every
// state also has a symbol (stateStyle.ts), so NO_COLOR and monochrome terminals lose nothing.
// Components read the theme from context so tests can switch colour off.
import { createContext, useContext } from 'react';
import { colorEnabled } from './stateStyle.js';

export interface Theme {
  /** False under NO_COLOR: components pass no colour props at all. */
  color: boolean;
  accent: string;
  muted: string;
  error: string;
  warning: string;
  badge: { protected: string; readOnly: string; demo: string };
}

export function createTheme(env: NodeJS.ProcessEnv = process.env): Theme {
  return {
    color: colorEnabled(env),
    accent: 'cyan',
    muted: 'gray',
    error: 'red',
    warning: 'yellow',
    badge: { protected: 'yellow', readOnly: 'magenta', demo: 'cyan' },
  };
}

export const ThemeContext = createContext<Theme>(createTheme());

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** Spread into <Text>: a colour prop when colour is on, else none (so ink writes no SGR at all). */
export function tint(theme: Theme, color: string | undefined): { color?: string } {
  return theme.color && color !== undefined ? { color } : {};
}
