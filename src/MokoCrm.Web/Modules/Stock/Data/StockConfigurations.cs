using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Stock.Domain;

namespace MokoCrm.Web.Modules.Stock.Data;

internal sealed class StockMovementConfiguration : IEntityTypeConfiguration<StockMovement>
{
    public void Configure(EntityTypeBuilder<StockMovement> builder)
    {
        builder.ToTable("stock_movements");
        builder.Property(m => m.Quantity).HasPrecision(18, 5);
        builder.Property(m => m.UnitPrice).HasPrecision(18, 5);
        builder.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(m => m.Label).HasMaxLength(255);
        builder.Property(m => m.OriginType).HasMaxLength(64);
        builder.Property(m => m.TransferCode).HasMaxLength(32);

        // The product card, the warehouse card and the movements list read newest first, by keyset on id.
        builder.HasIndex(m => new { m.ProductId, m.Id });
        builder.HasIndex(m => new { m.WarehouseId, m.Id });
        builder.HasIndex(m => new { m.Date, m.Id });
        builder.HasIndex(m => new { m.OriginType, m.OriginId }).HasFilter("origin_type IS NOT NULL");
        builder.HasIndex(m => m.TransferCode).HasFilter("transfer_code IS NOT NULL");
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(m => m.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StockLevelConfiguration : IEntityTypeConfiguration<StockLevel>
{
    public void Configure(EntityTypeBuilder<StockLevel> builder)
    {
        builder.ToTable("stock_levels");
        builder.HasKey(l => new { l.ProductId, l.WarehouseId });
        builder.Property(l => l.Quantity).HasPrecision(18, 5);
        builder.HasIndex(l => l.WarehouseId);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(l => l.WarehouseId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ProductValuationConfiguration : IEntityTypeConfiguration<ProductValuation>
{
    public void Configure(EntityTypeBuilder<ProductValuation> builder)
    {
        builder.ToTable("product_valuations");
        builder.Property(v => v.TotalQuantity).HasPrecision(18, 5);
        builder.Property(v => v.AverageCost).HasPrecision(18, 5);
        builder.HasIndex(v => v.ProductId).IsUnique();
    }
}

internal sealed class StockSettingsConfiguration : IEntityTypeConfiguration<StockSettings>
{
    public void Configure(EntityTypeBuilder<StockSettings> builder)
    {
        builder.ToTable("stock_settings");
        builder.Property(s => s.DecreaseOn).HasConversion<string>().HasMaxLength(40);
        builder.Property(s => s.IncreaseOn).HasConversion<string>().HasMaxLength(40);
    }
}

internal sealed class InventoryConfiguration : IEntityTypeConfiguration<Inventory>
{
    public void Configure(EntityTypeBuilder<Inventory> builder)
    {
        builder.ToTable("inventories");
        builder.Property(i => i.Label).HasMaxLength(255);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(i => i.WarehouseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(i => i.Lines).WithOne().HasForeignKey(l => l.InventoryId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(i => i.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class InventoryLineConfiguration : IEntityTypeConfiguration<InventoryLine>
{
    public void Configure(EntityTypeBuilder<InventoryLine> builder)
    {
        builder.ToTable("inventory_lines");
        builder.Property(l => l.Counted).HasPrecision(18, 5);
        builder.Property(l => l.Expected).HasPrecision(18, 5);
        builder.HasIndex(l => new { l.InventoryId, l.ProductId }).IsUnique();
    }
}
