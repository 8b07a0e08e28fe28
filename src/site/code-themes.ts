/**
 * The syntax-highlighting themes of every code block (lessons, notebook cells).
 * The light one is GitHub's high-contrast variant: the default GitHub light
 * theme's orange and red tokens fall below WCAG AA contrast (3.5:1 on white),
 * and the plain GitHub dark theme's comments do too (3:1); `github-dark-default` passes.
 */
export const CODE_THEMES = { light: 'github-light-high-contrast', dark: 'github-dark-default' } as const;
