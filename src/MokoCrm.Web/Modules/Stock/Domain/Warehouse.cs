using MokoCrm.Web.Platform.Audit;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Stock.Domain;

/// <summary>Whether a warehouse takes stock movements, and from whom.</summary>
public enum WarehouseStatus
{
    Open,

    /// <summary>Moves inside the company only (transfers, production), never shipped from or received into.</summary>
    InternalOnly,

    /// <summary>No movement at all; its history stays.</summary>
    Closed,
}

/// <summary>A place where stock is kept. The default one is proposed when a validation moves stock (DOMAIN.md §5).</summary>
public sealed class Warehouse : Entity, IAudited
{
    private Warehouse()
    {
    }

    public Warehouse(string reference, string label)
    {
        Rename(reference, label);
    }

    public string Reference { get; private set; } = "";

    public string Label { get; private set; } = "";

    public string? Description { get; set; }

    public string? Address { get; set; }

    public string? PostalCode { get; set; }

    public string? Town { get; set; }

    public string? CountryCode { get; set; }

    public WarehouseStatus Status { get; private set; } = WarehouseStatus.Open;

    /// <summary>A warehouse inside another one (a shelf of a depot); reports may total by parent.</summary>
    public long? ParentId { get; private set; }

    public bool IsDefault { get; private set; }

    public void Rename(string reference, string label)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            throw new DomainException("A warehouse needs a reference.");
        }

        if (string.IsNullOrWhiteSpace(label))
        {
            throw new DomainException("A warehouse needs a label.");
        }

        Reference = reference.Trim();
        Label = label.Trim();
    }

    public void ChangeStatus(WarehouseStatus status)
    {
        if (status == WarehouseStatus.Closed && IsDefault)
        {
            throw new DomainException($"{Reference} is the default warehouse: choose another default before closing it.");
        }

        Status = status;
    }

    public void MakeDefault()
    {
        if (Status == WarehouseStatus.Closed)
        {
            throw new DomainException($"{Reference} is closed: a closed warehouse cannot be the default.");
        }

        IsDefault = true;
    }

    /// <summary>Called when another warehouse becomes the default: there is only one.</summary>
    public void LoseDefault() => IsDefault = false;

    /// <param name="ancestorsOfParent">The chain above <paramref name="parentId"/>, which must not contain this warehouse.</param>
    public void MoveUnder(long? parentId, IReadOnlyCollection<long> ancestorsOfParent)
    {
        if (parentId is { } parent && (parent == Id || ancestorsOfParent.Contains(Id)))
        {
            throw new DomainException("A warehouse cannot be inside itself or inside one of its own sub-warehouses.");
        }

        ParentId = parentId;
    }
}
