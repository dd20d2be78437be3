/**
 * How views reach their playground (playground.ts): from the nearest PlaygroundProvider, never
 * from a module, so that each provider's views see their own store and host.
 */
import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";
import type { Playground } from "./playground";
import type { PlaygroundState } from "./store/types";

const PlaygroundContext = createContext<Playground | null>(null);

export function PlaygroundProvider({ playground, children }: { playground: Playground; children: ReactNode }) {
  return <PlaygroundContext.Provider value={playground}>{children}</PlaygroundContext.Provider>;
}

function usePlaygroundContext(): Playground {
  const playground = useContext(PlaygroundContext);
  if (!playground) throw new Error("a playground view was rendered outside a PlaygroundProvider");
  return playground;
}

/** The part of the store's state `selector` picks, re-rendering when it changes. */
export function usePlayground<T>(selector: (state: PlaygroundState) => T): T {
  return useStore(usePlaygroundContext().store, selector);
}

/** The store itself, for reading the state in a handler or subscribing in an effect. */
export const usePlaygroundStore = () => usePlaygroundContext().store;
export const useHost = () => usePlaygroundContext().host;
export const useFiles = () => usePlaygroundContext().files;
