using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MokoCrm.Web.Platform.Domain;

/// <summary>What a line of a commercial document is (DOMAIN.md §0): a priced product or free text, or a title or subtotal.</summary>
public enum LineKind
{
    Product,
    Free,
    Title,
    Subtotal,
}

/// <summary>What the user (or a conversion) puts on a line; <see cref="DocumentLine.Apply"/> checks it and computes the totals.</summary>
public sealed record LineContent(
    LineKind Kind,
    string Description,
    decimal Quantity = 0m,
    decimal UnitPrice = 0m,
    decimal DiscountPercent = 0m,
    decimal VatRatePercent = 0m,
    PriceBasis Basis = PriceBasis.ExclTax,
    long? ProductId = null,
    string? ProductReference = null,
    string? AccountCode = null,
    DateOnly? ServiceStart = null,
    DateOnly? ServiceEnd = null);

/// <summary>
/// The line shape shared by every commercial document (Sales proposals and orders, later invoices and Purchasing):
/// product id or free text, quantity, unit price, discount, VAT rate, optional service period, position and kind,
/// and the totals computed by <see cref="LineCalculator"/> when the line is set, so they are frozen with the document.
/// Each document type derives its own line class (its own table) and adds what only it needs (shipped quantities...).
/// </summary>
public abstract class DocumentLine : Entity
{
    /// <summary>The document this line belongs to (same module: a real foreign key).</summary>
    public long DocumentId { get; protected set; }

    /// <summary>1, 2, 3... in the order printed.</summary>
    public int Position { get; internal set; }

    public LineKind Kind { get; private set; }

    public long? ProductId { get; private set; }

    /// <summary>The product's reference when the line was set, printed on the document.</summary>
    public string? ProductReference { get; private set; }

    public string Description { get; private set; } = "";

    public decimal Quantity { get; private set; }

    /// <summary>Unit price excl. tax, 5 decimals (computed from the price incl. tax when the line was entered so).</summary>
    public decimal UnitPrice { get; private set; }

    public PriceBasis PriceBasis { get; private set; }

    /// <summary>The unit price incl. tax as typed, for lines entered incl. tax (kept so an edit shows what was typed).</summary>
    public decimal? UnitPriceInclTax { get; private set; }

    public decimal DiscountPercent { get; private set; }

    public decimal VatRatePercent { get; private set; }

    public DateOnly? ServiceStart { get; private set; }

    public DateOnly? ServiceEnd { get; private set; }

    /// <summary>The revenue (or expense) account from the product when the line was set; null: the posting's default.</summary>
    public string? AccountCode { get; private set; }

    public decimal TotalExclTax { get; private set; }

    public decimal TotalVat { get; private set; }

    public decimal TotalInclTax { get; private set; }

    /// <summary>Product and free-text lines carry amounts; titles and subtotals only structure the document.</summary>
    public bool IsPriced => Kind is LineKind.Product or LineKind.Free;

    public LineAmounts Amounts => new(UnitPrice, TotalExclTax, TotalVat, TotalInclTax);

    /// <summary>What the line holds, to copy it onto another document (a conversion) or into a form.</summary>
    public LineContent Content => new(Kind, Description, Quantity, PriceBasis == PriceBasis.InclTax ? UnitPriceInclTax ?? UnitPrice : UnitPrice,
        DiscountPercent, VatRatePercent, PriceBasis, ProductId, ProductReference, AccountCode, ServiceStart, ServiceEnd);

    /// <summary>Checks the content and computes the totals. The document decides whether it may still change.</summary>
    public void Apply(LineContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var description = content.Description?.Trim() ?? "";
        if (!Enum.IsDefined(content.Kind))
        {
            throw new DomainException("Unknown kind of line.");
        }

        if (content.Kind == LineKind.Product && content.ProductId is null)
        {
            throw new DomainException("Choose the product of the line.");
        }

        if (content.Kind is LineKind.Free or LineKind.Title && description.Length == 0)
        {
            throw new DomainException(content.Kind == LineKind.Title ? "A title line needs its text." : "A free-text line needs a description.");
        }

        Kind = content.Kind;
        Description = description;
        if (!IsPriced)
        {
            (ProductId, ProductReference, AccountCode, Quantity, UnitPrice, UnitPriceInclTax, DiscountPercent, VatRatePercent) = (null, null, null, 0m, 0m, null, 0m, 0m);
            (PriceBasis, ServiceStart, ServiceEnd) = (PriceBasis.ExclTax, null, null);
            (TotalExclTax, TotalVat, TotalInclTax) = (0m, 0m, 0m);
            return;
        }

        if (content.Quantity <= 0m)
        {
            throw new DomainException("The quantity must be more than zero.");
        }

        if (content.DiscountPercent is < 0m or > 100m)
        {
            throw new DomainException("The discount is between 0 and 100 %.");
        }

        if (content.VatRatePercent < 0m)
        {
            throw new DomainException("The VAT rate cannot be negative.");
        }

        if (content.ServiceStart is { } start && content.ServiceEnd is { } end && end < start)
        {
            throw new DomainException("The service period ends before it starts.");
        }

        var amounts = LineCalculator.Compute(content.Quantity, content.UnitPrice, content.DiscountPercent, content.VatRatePercent, content.Basis);
        ProductId = content.Kind == LineKind.Product ? content.ProductId : null;
        ProductReference = content.Kind == LineKind.Product ? content.ProductReference : null;
        AccountCode = content.AccountCode;
        Quantity = Platform.Domain.Amounts.RoundQuantity(content.Quantity);
        PriceBasis = content.Basis;
        UnitPriceInclTax = content.Basis == PriceBasis.InclTax ? Platform.Domain.Amounts.RoundUnitPrice(content.UnitPrice) : null;
        UnitPrice = amounts.UnitPriceExclTax;
        DiscountPercent = content.DiscountPercent;
        VatRatePercent = content.VatRatePercent;
        ServiceStart = content.ServiceStart;
        ServiceEnd = content.ServiceEnd;
        (TotalExclTax, TotalVat, TotalInclTax) = (amounts.TotalExclTax, amounts.TotalVat, amounts.TotalInclTax);
    }

    /// <summary>The common columns of a line table: precisions, lengths, enums as text; call from each line's configuration.</summary>
    public static void ConfigureColumns<TLine>(EntityTypeBuilder<TLine> builder)
        where TLine : DocumentLine
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.PriceBasis).HasConversion<string>().HasMaxLength(20);
        builder.Property(l => l.ProductReference).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(4000);
        builder.Property(l => l.AccountCode).HasMaxLength(32);
        builder.Property(l => l.Quantity).HasPrecision(Platform.Domain.Amounts.Precision, Platform.Domain.Amounts.QuantityDecimals);
        builder.Property(l => l.UnitPrice).HasPrecision(Platform.Domain.Amounts.Precision, Platform.Domain.Amounts.UnitPriceDecimals);
        builder.Property(l => l.UnitPriceInclTax).HasPrecision(Platform.Domain.Amounts.Precision, Platform.Domain.Amounts.UnitPriceDecimals);
        builder.Property(l => l.DiscountPercent).HasPrecision(9, 5);
        builder.Property(l => l.VatRatePercent).HasPrecision(6, 3);
        builder.Property(l => l.TotalExclTax).HasPrecision(Platform.Domain.Amounts.Precision, Platform.Domain.Amounts.AmountDecimals);
        builder.Property(l => l.TotalVat).HasPrecision(Platform.Domain.Amounts.Precision, Platform.Domain.Amounts.AmountDecimals);
        builder.Property(l => l.TotalInclTax).HasPrecision(Platform.Domain.Amounts.Precision, Platform.Domain.Amounts.AmountDecimals);
        builder.Ignore(l => l.Amounts);
        builder.Ignore(l => l.Content);
        builder.Ignore(l => l.DomainEvents);
        builder.HasIndex(l => new { l.DocumentId, l.Position });
    }
}

/// <summary>
/// A document made of <see cref="DocumentLine"/>s: adds, changes, removes and reorders lines while the document
/// allows it, and keeps its totals = the sums of the rounded line totals (DOMAIN.md §2).
/// </summary>
public abstract class LinedDocument<TLine> : Entity
    where TLine : DocumentLine
{
    private readonly List<TLine> _lines = [];

    public IReadOnlyList<TLine> Lines => _lines;

    public decimal TotalExclTax { get; private set; }

    public decimal TotalVat { get; private set; }

    public decimal TotalInclTax { get; private set; }

    /// <summary>Lines in printed order.</summary>
    public IEnumerable<TLine> OrderedLines => _lines.OrderBy(l => l.Position);

    public DocumentTotals Totals => DocumentTotals.Of(_lines.Where(l => l.IsPriced).Select(l => (l.VatRatePercent, l.Amounts)));

    /// <summary>Throws a <see cref="DomainException"/> saying why, when the lines may no longer change.</summary>
    protected abstract void EnsureLinesEditable();

    /// <summary>A new line of the document's own type, already <see cref="DocumentLine.Apply"/>d.</summary>
    protected abstract TLine NewLine(LineContent content);

    public TLine AddLine(LineContent content)
    {
        EnsureLinesEditable();
        var line = NewLine(content);
        line.Position = _lines.Count == 0 ? 1 : _lines.Max(l => l.Position) + 1;
        _lines.Add(line);
        Recompute();
        return line;
    }

    public TLine Line(long lineId) => _lines.SingleOrDefault(l => l.Id == lineId) ?? throw new NotFoundException("The line");

    public void ChangeLine(long lineId, LineContent content)
    {
        EnsureLinesEditable();
        Line(lineId).Apply(content);
        Recompute();
    }

    public void RemoveLine(long lineId) => RemoveLine(Line(lineId));

    public void RemoveLine(TLine line)
    {
        EnsureLinesEditable();
        _lines.Remove(line);
        Renumber(OrderedLines.ToList());
        Recompute();
    }

    /// <summary>Moves a line up (−1) or down (+1) by one place.</summary>
    public void MoveLine(long lineId, int delta) => MoveLine(Line(lineId), delta);

    /// <summary>Moves a line up (−1) or down (+1) by one place.</summary>
    public void MoveLine(TLine line, int delta)
    {
        EnsureLinesEditable();
        var ordered = OrderedLines.ToList();
        var index = ordered.IndexOf(line);
        if (index < 0)
        {
            throw new NotFoundException("The line");
        }

        var target = Math.Clamp(index + Math.Sign(delta), 0, ordered.Count - 1);
        if (target == index)
        {
            return;
        }

        (ordered[index], ordered[target]) = (ordered[target], ordered[index]);
        Renumber(ordered);
    }

    /// <summary>Sets the header totals from the lines (called on every line change; the values freeze with the document).</summary>
    protected void Recompute()
    {
        var totals = Totals;
        (TotalExclTax, TotalVat, TotalInclTax) = (totals.TotalExclTax, totals.TotalVat, totals.TotalInclTax);
    }

    /// <summary>The header totals columns; call from the document's configuration.</summary>
    public static void ConfigureTotals<TDocument>(EntityTypeBuilder<TDocument> builder)
        where TDocument : LinedDocument<TLine>
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Property(d => d.TotalExclTax).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.Property(d => d.TotalVat).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.Property(d => d.TotalInclTax).HasPrecision(Amounts.Precision, Amounts.AmountDecimals);
        builder.HasMany(d => d.Lines).WithOne().HasForeignKey(l => l.DocumentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(d => d.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(d => d.Totals);
        builder.Ignore(d => d.OrderedLines);
        builder.Ignore(d => d.DomainEvents);
    }

    private static void Renumber(List<TLine> ordered)
    {
        for (var i = 0; i < ordered.Count; i++)
        {
            ordered[i].Position = i + 1;
        }
    }
}
