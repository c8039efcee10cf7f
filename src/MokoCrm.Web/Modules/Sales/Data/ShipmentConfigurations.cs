using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Sales.Domain;
using MokoCrm.Web.Platform.Domain;

namespace MokoCrm.Web.Modules.Sales.Data;

internal sealed class ShipmentConfiguration : IEntityTypeConfiguration<Shipment>
{
    public void Configure(EntityTypeBuilder<Shipment> builder)
    {
        builder.ToTable("shipments");
        builder.Property(s => s.Number).HasMaxLength(40);
        builder.HasIndex(s => s.Number).IsUnique();
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Carrier).HasMaxLength(100);
        builder.Property(s => s.TrackingNumber).HasMaxLength(100);
        // The list: by third party (customer filter, visibility), by status and by date, newest first; the order card by order.
        builder.HasIndex(s => new { s.ThirdPartyId, s.Date });
        builder.HasIndex(s => new { s.Status, s.Date });
        builder.HasIndex(s => new { s.Date, s.Id });
        builder.HasIndex(s => s.OrderId);
        builder.HasOne<SalesOrder>().WithMany().HasForeignKey(s => s.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.ShipmentId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Lines).HasField("_lines").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Ignore(s => s.OrderedLines);
        builder.Ignore(s => s.Reference);
        builder.Ignore(s => s.TotalQuantity);
        builder.Property<uint>("xmin").IsRowVersion();
    }
}

internal sealed class ShipmentLineConfiguration : IEntityTypeConfiguration<ShipmentLine>
{
    public void Configure(EntityTypeBuilder<ShipmentLine> builder)
    {
        builder.ToTable("shipment_lines");
        builder.Property(l => l.ProductReference).HasMaxLength(64);
        builder.Property(l => l.Description).HasMaxLength(4000);
        builder.Property(l => l.Quantity).HasPrecision(Amounts.Precision, Amounts.QuantityDecimals);
        builder.HasIndex(l => l.OrderLineId);
        builder.HasIndex(l => l.ProductId);
        builder.Ignore(l => l.AuditedRecord);
        builder.Ignore(l => l.AuditPrefix);
    }
}

internal sealed class SalesAutomationSettingConfiguration : IEntityTypeConfiguration<SalesAutomationSetting>
{
    public void Configure(EntityTypeBuilder<SalesAutomationSetting> builder)
    {
        builder.ToTable("automation_settings");
        builder.Property(s => s.Key).HasMaxLength(60);
        builder.HasIndex(s => s.Key).IsUnique();
    }
}
