# Not exercised by CI (no Docker engine on the build machines); see README.md.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/MokoCrm.Web -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV urls=http://0.0.0.0:8080 MOKO_DATA_DIR=/var/lib/mokocrm
EXPOSE 8080
ENTRYPOINT ["dotnet", "MokoCrm.Web.dll"]
