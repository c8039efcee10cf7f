namespace MokoCrm.Web.Platform.Domain;

/// <summary>
/// A business rule said no. The message is written for the user (controllers show it as a form error, the API as a
/// 400/409 problem); nothing of the action has been saved.
/// </summary>
public class DomainException(string message) : Exception(message);

/// <summary>The record asked for does not exist or is outside the user's visibility: answered as 404.</summary>
public sealed class NotFoundException(string what) : DomainException($"{what} was not found.");
