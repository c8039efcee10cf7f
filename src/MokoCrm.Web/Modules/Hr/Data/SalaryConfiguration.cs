using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MokoCrm.Web.Modules.Hr.Domain;

namespace MokoCrm.Web.Modules.Hr.Data;

internal sealed class SalaryConfiguration : IEntityTypeConfiguration<Salary>
{
    public void Configure(EntityTypeBuilder<Salary> builder)
    {
        builder.ToTable("salaries");
        builder.Property(s => s.EmployeeName).HasMaxLength(255);
        builder.Property(s => s.EmployeeCode).HasMaxLength(64);
        builder.Property(s => s.Label).HasMaxLength(255);
        builder.Property(s => s.Gross).HasPrecision(18, 2);
        builder.Property(s => s.NetToPay).HasPrecision(18, 2);
        builder.Property(s => s.Status).HasConversion<string>().HasMaxLength(10);
        builder.Ignore(s => s.SocialCharges);
        builder.Ignore(s => s.Reference);
        builder.HasIndex(s => new { s.EmployeeUserId, s.PeriodStart });
        builder.HasIndex(s => new { s.PeriodStart, s.Id });
    }
}

internal sealed class ExpenseReportConfiguration : IEntityTypeConfiguration<ExpenseReport>
{
    public void Configure(EntityTypeBuilder<ExpenseReport> builder)
    {
        builder.ToTable("expense_reports");
        builder.Property(e => e.Reference).HasMaxLength(30);
        builder.Property(e => e.EmployeeName).HasMaxLength(255);
        builder.Property(e => e.EmployeeCode).HasMaxLength(64);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(10);
        builder.Property(e => e.RefusalReason).HasMaxLength(500);
        builder.Ignore(e => e.TotalExclTax);
        builder.Ignore(e => e.TotalVat);
        builder.Ignore(e => e.TotalInclTax);
        builder.Ignore(e => e.DisplayReference);
        builder.HasIndex(e => e.Reference).IsUnique();
        builder.HasIndex(e => new { e.EmployeeUserId, e.PeriodStart });
        builder.HasMany(e => e.Lines).WithOne().HasForeignKey(l => l.ExpenseReportId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(e => e.Lines).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ExpenseReportLineConfiguration : IEntityTypeConfiguration<ExpenseReportLine>
{
    public void Configure(EntityTypeBuilder<ExpenseReportLine> builder)
    {
        builder.ToTable("expense_report_lines");
        builder.Property(l => l.FeeType).HasMaxLength(20);
        builder.Property(l => l.Account).HasMaxLength(20);
        builder.Property(l => l.Label).HasMaxLength(255);
        builder.Property(l => l.AmountExclTax).HasPrecision(18, 2);
        builder.Property(l => l.VatAmount).HasPrecision(18, 2);
        builder.Property(l => l.VatRate).HasPrecision(18, 5);
    }
}
