"""koszyk: the local basket of social services, compiled from partner cards."""
