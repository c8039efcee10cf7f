using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Stock.Domain;

namespace MokoCrm.Web.Modules.Stock.Data;

internal sealed class BomConfiguration : IEntityTypeConfiguration<Bom>
{
    public void Configure(EntityTypeBuilder<Bom> builder)
    {
        builder.ToTable("boms");
        builder.Property(b => b.Label).HasMaxLength(Bom.LabelLength);
        builder.Property(b => b.Description).HasMaxLength(4000);
        builder.Property(b => b.Quantity).HasPrecision(18, 5);
        builder.Property(b => b.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(b => b.ProductId);
        builder.HasMany(b => b.Lines).WithOne().HasForeignKey(l => l.BomId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ManufacturingOrderConfiguration : IEntityTypeConfiguration<ManufacturingOrder>
{
    public void Configure(EntityTypeBuilder<ManufacturingOrder> builder)
    {
        builder.ToTable("manufacturing_orders");
        builder.Property(o => o.Number).HasMaxLength(64);
        builder.Property(o => o.Label).HasMaxLength(Bom.LabelLength);
        builder.Property(o => o.Quantity).HasPrecision(18, 5);
        builder.Property(o => o.QuantityProduced).HasPrecision(18, 5);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Ignore(o => o.Reference);
        builder.Ignore(o => o.Remaining);
        builder.Ignore(o => o.IsOpen);
        builder.HasIndex(o => o.Number).IsUnique().HasFilter("number IS NOT NULL");
        builder.HasIndex(o => o.BomId);
        builder.HasIndex(o => new { o.ProductId, o.Status });
        builder.HasIndex(o => o.Status);
        builder.HasOne<Bom>().WithMany().HasForeignKey(o => o.BomId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(o => o.ConsumeWarehouseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Warehouse>().WithMany().HasForeignKey(o => o.ProduceWarehouseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.ManufacturingOrderId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(o => o.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ManufacturingOrderLineConfiguration : IEntityTypeConfiguration<ManufacturingOrderLine>
{
    public void Configure(EntityTypeBuilder<ManufacturingOrderLine> builder)
    {
        builder.ToTable("manufacturing_order_lines");
        builder.Property(l => l.QuantityPlanned).HasPrecision(18, 5);
        builder.Property(l => l.QuantityConsumed).HasPrecision(18, 5);
        builder.HasIndex(l => new { l.ManufacturingOrderId, l.ProductId }).IsUnique();
        builder.HasIndex(l => l.ProductId);
    }
}

internal sealed class BomLineConfiguration : IEntityTypeConfiguration<BomLine>
{
    public void Configure(EntityTypeBuilder<BomLine> builder)
    {
        builder.ToTable("bom_lines");
        builder.Property(l => l.Quantity).HasPrecision(18, 5);
        builder.Property(l => l.LossPercent).HasPrecision(5, 2);
        builder.HasIndex(l => new { l.BomId, l.ProductId }).IsUnique();

        // "Is this product used anywhere?" (a product on a bill cannot be deleted).
        builder.HasIndex(l => l.ProductId);
    }
}
