// `O` on a URL: opens it in the user's browser where there is one (a desktop session: macOS,
// Windows, or Linux with a display), detached and without a shell. Over SSH or on a server there is
// none, and the console shows the URL whole instead (so it can be copied), rather than starting a
// text browser inside the console or failing quietly.
import { spawn } from 'node:child_process';

/** Resolves true once the opener started; false where no browser can be reached from here. */
export function createOpenInBrowser(env: NodeJS.ProcessEnv = process.env, platform = process.platform) {
  return async (url: string): Promise<boolean> => {
    // Only web URLs: a server's answer decides what the URL is, and `open` takes files and apps too.
    if (!/^https?:\/\//i.test(url)) return false;
    const remote = env.SSH_CONNECTION !== undefined || env.SSH_TTY !== undefined;
    let argv: string[];
    if (platform === 'darwin' && !remote) argv = ['open', url];
    else if (platform === 'win32') argv = ['rundll32', 'url.dll,FileProtocolHandler', url];
    else if ((env.DISPLAY || env.WAYLAND_DISPLAY) && !remote) argv = ['xdg-open', url];
    else return false;
    const [command = '', ...args] = argv;
    return new Promise<boolean>((resolve) => {
      const child = spawn(command, args, { stdio: 'ignore', detached: true });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    });
  };
}
