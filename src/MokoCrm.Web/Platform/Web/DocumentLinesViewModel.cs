using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Platform.Web;

/// <summary>A column a document type adds to the shared lines table (shipped, received, left to bill...).</summary>
/// <param name="DataName">The cell's data- attribute ("left-to-ship"), for tests and scripts.</param>
public sealed record LineColumn(string Header, string DataName, Func<DocumentLine, string> Value);

/// <summary>
/// The lines table of any commercial document card (Sales, Purchasing...), with its add/edit form while the document
/// is a draft: Platform/Web/Views/Shared/_DocumentLines.cshtml draws it.
/// </summary>
/// <param name="Url">The card's URL; the line actions post to Url/lines/..., and the product defaults come from the parent URL's product-defaults/{id}.</param>
public sealed record DocumentLinesViewModel(
    string Url,
    IReadOnlyList<DocumentLine> Lines,
    bool Editable,
    IReadOnlyList<(decimal Rate, string Label, bool IsDefault)> VatChoices,
    LineForm? Edited,
    long? EditedId,
    DocumentTotals Totals)
{
    /// <summary>The product picker's purpose ("sale" or "purchase"): which products it offers.</summary>
    public string ProductPurpose { get; init; } = "sale";

    /// <summary>What the unit price field says when left empty.</summary>
    public string PricePlaceholder { get; init; } = "Catalogue price";

    public IReadOnlyList<LineColumn> ExtraColumns { get; init; } = [];

    /// <summary>Where the form fetches a picked product's label, price and VAT (the product id is appended); null: the parent URL's product-defaults/.</summary>
    public string? ProductDefaultsUrl { get; init; }
}
