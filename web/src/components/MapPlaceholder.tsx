/** Maps need the partnership's area boundaries (a later issue): until then, say so. */
export function MapPlaceholder() {
  return (
    <div className="govuk-inset-text hub-map-placeholder" role="note" aria-label="Map">
      <h2 className="govuk-heading-s govuk-!-margin-bottom-1">Map</h2>
      <p className="govuk-body govuk-!-margin-bottom-0">
        Area boundaries are not loaded yet: the map appears when the partnership’s geography is loaded. The table below
        has every area’s figures.
      </p>
    </div>
  );
}
