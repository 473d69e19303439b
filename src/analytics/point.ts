/** One value of a series (a period or a place), as the analyses return it. */
export interface Point {
  key: string;
  label: string;
  value: number | null;
  suppressed: boolean;
  /** The period is only partly inside the filter's from..to. */
  partial?: boolean;
}
