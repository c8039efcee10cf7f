using MokoCrm.Web.Modules.Sales.Domain;

namespace MokoCrm.Web.Modules.Sales.Api;

/// <summary>Dolibarr's status codes of the sales documents (the lines are <see cref="Platform.Api.DolLines"/>'s).</summary>
public static class DolSales
{
    public static int ProposalStatus(Domain.ProposalStatus status) => status switch
    {
        Domain.ProposalStatus.Draft => 0,
        Domain.ProposalStatus.Validated => 1,
        Domain.ProposalStatus.Signed => 2,
        Domain.ProposalStatus.Refused => 3,
        Domain.ProposalStatus.Billed => 4,
        _ => -1,
    };

    public static object ProposalStatusOf(string code) => code switch
    {
        "0" => Domain.ProposalStatus.Draft,
        "1" => Domain.ProposalStatus.Validated,
        "2" => Domain.ProposalStatus.Signed,
        "3" => Domain.ProposalStatus.Refused,
        "4" => Domain.ProposalStatus.Billed,
        "-1" => Domain.ProposalStatus.Cancelled,
        _ => throw new FormatException(),
    };

    public static int OrderStatus(SalesOrderStatus status) => status switch
    {
        SalesOrderStatus.Draft => 0,
        SalesOrderStatus.Validated => 1,
        SalesOrderStatus.InProgress => 2,
        SalesOrderStatus.Delivered => 3,
        _ => -1,
    };

    public static object OrderStatusOf(string code) => code switch
    {
        "0" => SalesOrderStatus.Draft,
        "1" => SalesOrderStatus.Validated,
        "2" => SalesOrderStatus.InProgress,
        "3" => SalesOrderStatus.Delivered,
        "-1" => SalesOrderStatus.Cancelled,
        _ => throw new FormatException(),
    };
}
