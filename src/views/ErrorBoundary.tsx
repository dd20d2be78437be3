import { Component, type ErrorInfo, type ReactNode } from "react";
import { notePageBroken, safeModeUrl } from "../host/safe-mode";

interface Props {
  /** What the person calls the part that broke ("Timeline"). */
  label: string;
  children: ReactNode;
  /** The whole page: if it breaks, the next load opens in safe mode. */
  page?: boolean;
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

  static getDerivedStateFromError(error: unknown): State {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { error: text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    if (this.props.page) notePageBroken();
    console.error(`${this.props.label} stopped working`, error, info.componentStack);
  }

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
      <section className="panel panel-broken" aria-label={this.props.label}>
        <h2>{this.props.label}</h2>
        <div role="alert">
          <p>
            This panel stopped working ({error}). The rest of the playground still works.
          </p>
          <button type="button" onClick={() => this.setState({ error: null })}>
            Show the {this.props.label.toLowerCase()} again
          </button>
        </div>
      </section>
    );
  }
}
