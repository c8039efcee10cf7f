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
