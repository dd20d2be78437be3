import { Component, createRef, type ErrorInfo, type ReactNode } from "react";
import { notePageBroken, safeModeUrl } from "../host/safe-mode";

interface Props {
  /** What the person calls the part that broke ("Timeline"). */
  label: string;
  children: ReactNode;
  /** The whole page: if it breaks, the next load opens in safe mode. */
  page?: boolean;
  /** What else must end when it breaks (what it showed may still be running elsewhere). */
  onBreak?: () => void;
}

interface State {
  error: string | null;
}

/** Error texts can come from anything a sandbox sent: shown bounded. */
const MAX_SHOWN = 300;

/**
 * Keeps an error in one part of the page from blanking the rest (React unmounts the whole tree on
 * an error no boundary catches), and says what broke.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };
  private readonly broken = createRef<HTMLElement>();
  private readonly again = createRef<HTMLButtonElement>();
  /** Where the panel stands among its parent's children, to find it again once it is back. */
  private place: { parent: Element; index: number } | null = null;

  static getDerivedStateFromError(error: unknown): State {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { error: text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (this.props.page) notePageBroken();
    this.props.onBreak?.();
    console.error(`${this.props.label} stopped working`, error, info.componentStack);
  }

  /**
   * Focus is never lost: a panel that breaks takes the focused element with it, so focus moves to
   * its "Show again" button (only when focus fell to the page, never away from where the person is);
   * a panel shown again gets focus back, since the button that had it is gone.
   */
  override componentDidUpdate(_: Props, before: State): void {
    if (before.error === null && this.state.error !== null) {
      const active = document.activeElement;
      if (active === null || active === document.body) this.again.current?.focus();
    } else if (before.error !== null && this.state.error === null && this.place) {
      const panel = this.place.parent.children[this.place.index];
      this.place = null;
      if (panel instanceof HTMLElement) {
        const target = panel.querySelector<HTMLElement>("button, [href], input, select, textarea, [tabindex]:not([tabindex='-1'])") ?? panel;
        if (target === panel && !panel.hasAttribute("tabindex")) panel.tabIndex = -1;
        target.focus();
      }
    }
  }

  private readonly showAgain = () => {
    const section = this.broken.current;
    const parent = section?.parentElement;
    this.place = section && parent ? { parent, index: Array.prototype.indexOf.call(parent.children, section) } : null;
    this.setState({ error: null });
  };

  override render(): ReactNode {
    const { error } = this.state;
    if (error === null) return this.props.children;
    if (this.props.page) {
      return (
        <div className="page-broken" role="alert">
          <h1>postMessage Playground</h1>
          <p>The page stopped working ({error}). Your saved work is unchanged.</p>
          <p>
            <a href={safeModeUrl()}>Reload without running anything</a>
          </p>
        </div>
      );
    }
    return (
      <section className="panel panel-broken" aria-label={this.props.label} ref={this.broken}>
        <h2>{this.props.label}</h2>
        <div role="alert">
          <p>
            This panel stopped working ({error}). The rest of the playground still works.
          </p>
          <button type="button" ref={this.again} onClick={this.showAgain}>
            Show the {this.props.label.toLowerCase()} again
          </button>
        </div>
      </section>
    );
  }
}
