using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Stock.Domain;
using MokoCrm.Web.Platform.Data;
using MokoCrm.Web.Platform.Domain;
using MokoCrm.Web.Platform.Setup.Domain;

namespace MokoCrm.Web.Modules.Stock.Features;

/// <summary>Use cases of the warehouse screens, each saved in one transaction.</summary>
public sealed class WarehouseAdministration(AppDbContext db)
{
    public async Task<long> SaveAsync(long? id, WarehouseForm form, CancellationToken cancellationToken = default)
    {
        var reference = form.Reference.Trim();
        if (await db.Set<Warehouse>().AnyAsync(w => w.Reference == reference && w.Id != id, cancellationToken))
        {
            throw new DomainException($"The reference {reference} is already used by another warehouse.");
        }

        var country = Clean(form.CountryCode)?.ToUpperInvariant();
        if (country is not null && !await db.Set<Country>().AnyAsync(c => c.Code == country, cancellationToken))
        {
            throw new DomainException($"Unknown country '{country}'.");
        }

        Warehouse warehouse;
        if (id is { } existing)
        {
            warehouse = await db.Set<Warehouse>().SingleOrDefaultAsync(w => w.Id == existing, cancellationToken) ?? throw new NotFoundException("The warehouse");
            warehouse.Rename(reference, form.Label);
        }
        else
        {
            warehouse = db.Add(new Warehouse(reference, form.Label)).Entity;
        }

        if (warehouse.IsDefault && !form.IsDefault)
        {
            throw new DomainException("Choose another default warehouse first: there must always be one once chosen.");
        }

        warehouse.Description = Clean(form.Description);
        warehouse.Address = Clean(form.Address);
        warehouse.PostalCode = Clean(form.PostalCode);
        warehouse.Town = Clean(form.Town);
        warehouse.CountryCode = country;
        if (form.IsDefault && !warehouse.IsDefault)
        {
            // Status first: a warehouse being closed cannot become the default.
            warehouse.ChangeStatus(form.Status);
            warehouse.MakeDefault();
            await db.Set<Warehouse>().Where(w => w.IsDefault && w.Id != warehouse.Id).ForEachAsync(w => w.LoseDefault(), cancellationToken);
        }
        else
        {
            warehouse.ChangeStatus(form.Status);
        }

        warehouse.MoveUnder(form.ParentId, form.ParentId is { } parent ? await AncestorsAsync(parent, cancellationToken) : []);
        await db.SaveChangesAsync(cancellationToken);
        return warehouse.Id;
    }

    /// <summary>The parent and every warehouse above it, in one recursive query (UNION stops at a cycle).</summary>
    private async Task<IReadOnlyCollection<long>> AncestorsAsync(long parentId, CancellationToken cancellationToken)
    {
        var chain = await db.Database.SqlQuery<long>($"""
            WITH RECURSIVE up AS (
                SELECT id, parent_id FROM stock.warehouses WHERE id = {parentId}
                UNION
                SELECT w.id, w.parent_id FROM stock.warehouses w JOIN up ON w.id = up.parent_id)
            SELECT id AS "Value" FROM up
            """).ToListAsync(cancellationToken);
        return chain.Count == 0 ? throw new DomainException("The parent warehouse does not exist.") : chain;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
