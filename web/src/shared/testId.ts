/**
 * `data-testid` for props objects (e.g. antd `okButtonProps`), where TypeScript, unlike in JSX attributes,
 * refuses hyphenated names that the component's props type does not list.
 */
export function testId(id: string): Record<never, never> {
  return { "data-testid": id };
}
