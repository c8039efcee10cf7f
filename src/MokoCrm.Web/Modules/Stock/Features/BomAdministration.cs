using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Products.Public;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Security;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>The header of a bill of materials: the product made, how many units the components make, a label.</summary>
public sealed class BomForm
{
    public string? Label { get; set; }

    /// <summary>Only on creation: the product of a bill never changes (make another bill).</summary>
    public long? ProductId { get; set; }

    public string? Quantity { get; set; } = "1";

    public string? Description { get; set; }
}

public sealed class BomFormValidator : AbstractValidator<BomForm>
{
    public BomFormValidator()
    {
        RuleFor(f => f.Label).NotEmpty().WithMessage("Enter a label, e.g. \"Oak table, standard\".").MaximumLength(Bom.LabelLength);
        RuleFor(f => f.Quantity).AQuantity()
            .Must(t => StockNumbers.Parse(t) is not < 0).WithMessage("The quantity produced must be greater than zero.");
        RuleFor(f => f.Description).MaximumLength(4000);
    }
}

/// <summary>A component line: the product consumed, its quantity for the bill's quantity produced, the loss %.</summary>
public sealed class BomComponentForm
{
    public long? ProductId { get; set; }

    public string? Quantity { get; set; }

    public string? LossPercent { get; set; }
}

/// <summary>Bills of materials: create, change while draft, components, validate, disable, delete a draft.</summary>
public sealed class BomAdministration(AppDbContext db, IProductLookup products, ICurrentUser user, TimeProvider clock)
{
    public async Task<long> CreateAsync(BomForm form, CancellationToken cancellationToken = default)
    {
        var product = await StockManagedAsync(form.ProductId ?? throw new DomainException("Choose the product to make."), "made", cancellationToken);
        var bom = new Bom(form.Label ?? "", product.Id, Number(form.Quantity, "The quantity produced"), form.Description);
        db.Add(bom);
        await db.SaveChangesAsync(cancellationToken);
        return bom.Id;
    }

    public async Task ChangeAsync(long id, BomForm form, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        bom.Change(form.Label ?? "", Number(form.Quantity, "The quantity produced"), form.Description);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task AddComponentAsync(long id, BomComponentForm form, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        bom.EnsureDraft();
        var product = await StockManagedAsync(form.ProductId ?? throw new DomainException("Choose a component."), "consumed", cancellationToken);
        bom.AddComponent(product.Id, Number(form.Quantity, "A component's quantity"), Loss(form.LossPercent));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ChangeComponentAsync(long id, long lineId, BomComponentForm form, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        bom.ChangeComponent(lineId, Number(form.Quantity, "A component's quantity"), Loss(form.LossPercent));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task RemoveComponentAsync(long id, long lineId, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        bom.RemoveComponent(lineId);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task ValidateAsync(long id, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        bom.Validate(user.UserId, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task DisableAsync(long id, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        bom.Disable();
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task EnableAsync(long id, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        bom.Enable();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Only a draft is deleted; a validated bill may have orders made from it, so it is disabled instead.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        var bom = await LoadAsync(id, cancellationToken);
        if (bom.Status != BomStatus.Draft)
        {
            throw new DomainException($"The bill of materials {bom.Label} is validated: disable it instead of deleting it.");
        }

        db.Remove(bom);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<ProductSummary> StockManagedAsync(long productId, string role, CancellationToken cancellationToken)
    {
        var product = await products.FindAsync(productId, cancellationToken) ?? throw new DomainException($"The product #{productId} does not exist.");
        if (!product.StockManaged)
        {
            throw new DomainException(product.Type == ProductType.Service
                ? $"{product.Reference} is a service: only stock-managed products are {role} by a bill of materials."
                : $"{product.Reference} is not stock-managed: tick \"Stock managed\" on the product before it is {role} by a bill of materials.");
        }

        return product;
    }

    private static decimal Number(string? text, string what) =>
        StockNumbers.Parse(text) ?? throw new DomainException($"{what} must be a number, for example 2 or 0.5.");

    private static decimal Loss(string? text) =>
        string.IsNullOrWhiteSpace(text) ? 0 : StockNumbers.Parse(text) ?? throw new DomainException("The loss must be a percentage, for example 5 or 2.5.");

    private async Task<Bom> LoadAsync(long id, CancellationToken cancellationToken) =>
        await db.Set<Bom>().Include(b => b.Lines).SingleOrDefaultAsync(b => b.Id == id, cancellationToken) ?? throw new NotFoundException("The bill of materials");
}
